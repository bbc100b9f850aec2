"""Prints the entries of a wheel, jar, sdist or tarball as JSON, with those of each jsii tarball inside it.

    python3 list_archive.py <archive>   ->   {"entries": [...], "embedded": {"<entry>": [...]}}

Folders end with '/'.
"""
import io
import json
import sys
import tarfile
import zipfile


def tar_entries(archive: tarfile.TarFile) -> list:
    return [member.name + ("/" if member.isdir() else "") for member in archive.getmembers()]


def main(path: str) -> None:
    entries, embedded = [], {}
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                entries.append(name)
                if name.endswith(".tgz"):
                    with tarfile.open(fileobj=io.BytesIO(archive.read(name))) as inner:
                        embedded[name] = tar_entries(inner)
    else:
        with tarfile.open(path) as archive:
            for member in archive.getmembers():
                entries.append(member.name + ("/" if member.isdir() else ""))
                if member.name.endswith(".tgz"):
                    with tarfile.open(fileobj=archive.extractfile(member)) as inner:
                        embedded[member.name] = tar_entries(inner)
    json.dump({"entries": entries, "embedded": embedded}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
