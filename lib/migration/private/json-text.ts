/**
 * JSON text as CDK renders it into a template (`Stack.toJsonString`, `CfnJson`): a plain string, or an
 * `Fn::Join` of string pieces and intrinsic functions (a role ARN, an OIDC issuer) that CloudFormation
 * fills in at deploy time. Reading it at synth time means parsing it with a placeholder for each
 * intrinsic; writing it back puts the intrinsics where their placeholders ended up.
 */
export interface JsonText {
  /** The parsed value; its strings may hold placeholders for `tokens`. */
  readonly value: any;
  /** The intrinsic functions of the text, by placeholder number. */
  readonly tokens: any[];
}

// Private-use characters: JSON.stringify leaves them as they are, and no template text contains them.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** Parses resolved JSON text, or returns `undefined` if it is not JSON text this can read. */
export function parseJsonText(resolved: unknown): JsonText | undefined {
  const tokens: any[] = [];
  let text: string;
  if (typeof resolved === 'string') {
    text = resolved;
  } else {
    const pieces = joinedPieces(resolved);
    if (!pieces) return undefined;
    text = pieces.map(piece => typeof piece === 'string' ? piece : `${OPEN}${tokens.push(piece) - 1}${CLOSE}`).join('');
  }
  try {
    return { value: JSON.parse(text), tokens };
  } catch {
    // An intrinsic outside a JSON string (a number parameter, say) leaves text that is not JSON.
    return undefined;
  }
}

/** Renders `json` back into template form: a string, or an `Fn::Join` when intrinsics remain. */
export function renderJsonText(json: JsonText): any {
  const parts: any[] = [];
  JSON.stringify(json.value).split(PLACEHOLDER).forEach((piece, index) => {
    // split() with a capture group alternates text and placeholder numbers.
    if (index % 2 === 1) parts.push(json.tokens[Number(piece)]);
    else if (piece !== '') parts.push(piece);
  });
  if (parts.every(part => typeof part === 'string')) return parts.join('');
  return { 'Fn::Join': ['', parts] };
}

/**
 * A string form of a resolved value that compares equal exactly when two values render the same:
 * literal text stays as it is, an `Fn::Join` with an empty delimiter is its pieces in a row, and any
 * other intrinsic is its JSON between private-use characters.
 */
export function canonical(resolved: unknown): string {
  if (typeof resolved === 'string') return resolved;
  const pieces = joinedPieces(resolved);
  if (pieces) return pieces.map(canonical).join('');
  return `${OPEN}${JSON.stringify(resolved)}${CLOSE}`;
}

/** The canonical form of a string of `json`, with its placeholders replaced by their intrinsics. */
export function canonicalIn(json: JsonText, text: string): string {
  return text.replace(PLACEHOLDER, (_, index) => canonical(json.tokens[Number(index)]));
}

/** Whether a string of parsed JSON text holds an intrinsic. */
export function hasToken(text: string): boolean {
  return text.includes(OPEN);
}

function joinedPieces(value: unknown): unknown[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const join = (value as any)['Fn::Join'];
  if (keys.length !== 1 || !Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1])) return undefined;
  return join[1];
}
