/**
 * Reads a kubeconfig file: JSON, or the block-style YAML that kubectl and `aws eks update-kubeconfig` write
 * (maps, lists, plain and quoted scalars, flow lists of scalars). A YAML library would double the size of the
 * command line's bundle for this one file; what this reader does not take, it says, with the way out.
 */
import { KubernetesCallError } from './findings';

interface Line {
  readonly indent: number;
  readonly text: string;
  readonly number: number;
}

class Unsupported extends Error {}

export function parseKubeconfig(text: string, file: string): any {
  try {
    if (text.trimStart().startsWith('{')) return JSON.parse(text);
    const lines: Line[] = [];
    text.split(/\r?\n/).forEach((raw, index) => {
      const withoutComment = raw.replace(/(^|\s)#(?=([^"']|"[^"]*"|'[^']*')*$).*$/, '');
      if (withoutComment.trim() === '' || withoutComment.trim() === '---') return;
      if (/^\s*\t/.test(withoutComment)) throw new Unsupported(`line ${index + 1}: a tab in the indentation`);
      lines.push({ indent: withoutComment.length - withoutComment.trimStart().length, text: withoutComment.trim(), number: index + 1 });
    });
    if (lines.length === 0) return {};
    const [value, next] = block(lines, 0, lines[0].indent);
    if (next < lines.length) throw new Unsupported(`line ${lines[next].number}: unexpected indentation`);
    return value;
  } catch (error: any) {
    throw new KubernetesCallError('read kubeconfig', 'a kubeconfig in JSON or block-style YAML',
      `cannot read ${file}: ${error?.message ?? error}. Give a JSON copy instead: kubectl config view --raw --minify -o json > kubeconfig.json`);
  }
}

const isItem = (line: Line) => line.text === '-' || line.text.startsWith('- ');
const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'[{][^:]*?):(?:\s+(.*))?$/;

function block(lines: Line[], start: number, indent: number): [any, number] {
  return isItem(lines[start]) ? list(lines, start, indent) : map(lines, start, indent);
}

function list(lines: Line[], start: number, indent: number): [any[], number] {
  const items: any[] = [];
  let i = start;
  while (i < lines.length && lines[i].indent === indent && isItem(lines[i])) {
    const rest = lines[i].text.slice(1).trimStart();
    if (rest === '') {
      const deeper = i + 1 < lines.length && lines[i + 1].indent > indent;
      if (deeper) {
        const [value, next] = block(lines, i + 1, lines[i + 1].indent);
        items.push(value);
        i = next;
      } else {
        items.push(null);
        i++;
      }
    } else if (KEY.test(rest)) {
      // "- key: value" opens a map whose keys line up with "key".
      const itemIndent = indent + (lines[i].text.length - rest.length);
      const copy = lines.slice();
      copy[i] = { indent: itemIndent, text: rest, number: lines[i].number };
      const [value, next] = map(copy, i, itemIndent);
      items.push(value);
      i = next;
    } else {
      items.push(scalar(rest, lines[i]));
      i++;
    }
  }
  return [items, i];
}

function map(lines: Line[], start: number, indent: number): [Record<string, any>, number] {
  const result: Record<string, any> = {};
  let i = start;
  while (i < lines.length && lines[i].indent === indent && !isItem(lines[i])) {
    const match = KEY.exec(lines[i].text);
    if (!match) throw new Unsupported(`line ${lines[i].number}: not a "key: value" line`);
    const key = unquote(match[1]);
    const rest = match[2]?.trim() ?? '';
    const following = lines[i + 1];
    if (rest !== '') {
      result[key] = scalar(rest, lines[i]);
      i++;
    } else if (following && (following.indent > indent || (following.indent === indent && isItem(following)))) {
      const [value, next] = block(lines, i + 1, following.indent);
      result[key] = value;
      i = next;
    } else {
      result[key] = null;
      i++;
    }
  }
  return [result, i];
}

function unquote(text: string): string {
  if (text.startsWith('"')) return JSON.parse(text);
  if (text.startsWith('\'')) return text.slice(1, -1).replace(/''/g, '\'');
  return text;
}

function scalar(text: string, line: Line): any {
  if (text === '[]') return [];
  if (text === '{}') return {};
  if (text.startsWith('[') && text.endsWith(']')) return text.slice(1, -1).split(',').map(part => scalar(part.trim(), line));
  if (/^[|>{[&*!]/.test(text)) throw new Unsupported(`line ${line.number}: this YAML form is not supported`);
  if (/^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')$/.test(text)) return unquote(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null' || text === '~') return null;
  return text;
}
