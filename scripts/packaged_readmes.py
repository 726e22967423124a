#!/usr/bin/env python3
"""The README as the packages ship it: the wheel's METADATA, the sdist's README.md, the Java sources jar's
package-info.java (javadoc, which Maven Central's javadoc pages and IDEs show).

jsii-pacmak replaces every ```ts fence of README.md with its jsii-rosetta translation (.jsii.tabl.json); without
the tablet it copies the TypeScript verbatim into a ```python fence (Python) or a <pre> block (Java). This module
pairs the packaged README's code blocks with README.md's fences, in order, so each TypeScript example is matched
to what a Python or Java user reads in its place.

  python3 scripts/packaged_readmes.py python|java   checks dist/ (run by package:python / package:java)

Used by scripts/consumers.py, which also runs every example (tested in test/packaged-readmes.test.ts).
"""
from __future__ import annotations

import glob
import html
import json
import re
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
TS_LANGUAGES = {"ts", "typescript"}

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
                   re.M | re.S)

# TypeScript that is not Python or Java (each pattern names what it catches)
TS_MARKERS = [
    (re.compile(r"^\s*import\s+(\*\s+as\s+\w+|\{[^}]*\}|\w+)\s+from\s+['\"]", re.M), "an ES import"),
    (re.compile(r"^\s*(const|let|declare)\s+\w+", re.M), "a const/let/declare statement"),
    (re.compile(r"\bnew\s+\w+(\.\w+)*\([^)]*\{\s*$", re.M), "a constructor call with an object literal"),
    (re.compile(r"\)\s*=>"), "an arrow function"),
    (re.compile(r":\s*(string|number|boolean)\b"), "a TypeScript type annotation"),
]
JAVA_IMPORT = re.compile(r"^import\s+(static\s+)?[\w.]+(\.\*)?;\s*$", re.M)


def fences(markdown: str) -> list[tuple[str, str]]:
    """(language, code) of every fenced block, in order."""
    return [(m.group("info").strip().split(" ")[0].lower(), m.group("body")) for m in FENCE.finditer(markdown)]


def typescript_markers(code: str) -> list[str]:
    return [what for pattern, what in TS_MARKERS if pattern.search(code)]


def source_fences() -> list[tuple[str, str]]:
    return fences((ROOT / "README.md").read_text())


def package_version() -> str:
    return json.loads((ROOT / "package.json").read_text())["version"]


def one(pattern: str, what: str) -> Path:
    found = sorted(glob.glob(pattern, recursive=True))
    if len(found) != 1:
        raise FileNotFoundError(f"expected one {what} ({pattern}), found {found or 'none'}: run `npx projen package-all` first")
    return Path(found[0])


# ---- the packaged READMEs ---------------------------------------------------------------------------------

def wheel_readme() -> tuple[str, str]:
    wheel = one(str(DIST / "python" / "*.whl"), "wheel")
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = z.read(name).decode()
    # METADATA: RFC 822 headers, a blank line, then the long description (README.md)
    return f"{wheel.name}:{name}", metadata.split("\n\n", 1)[1] if "\n\n" in metadata else ""


def sdist_readme() -> tuple[str, str]:
    sdist = one(str(DIST / "python" / "*.tar.gz"), "sdist")
    with tarfile.open(sdist) as t:
        member = next(m for m in t.getmembers() if re.fullmatch(r"[^/]+/README\.md", m.name))
        return f"{sdist.name}:{member.name}", t.extractfile(member).read().decode()


def javadoc_blocks(java_source: str) -> list[str]:
    """The <pre> blocks of a javadoc comment as jsii-pacmak writes README.md into package-info.java."""
    lines = [re.sub(r"^ \* ?", "", line) for line in java_source.splitlines() if line.startswith(" *")]
    text = "\n".join(lines)
    blocks = re.findall(r"<blockquote><pre>\n(.*?)</pre></blockquote>", text, re.S)
    return [html.unescape(b.replace("*{@literal /}", "*/")) for b in blocks]


def java_readme() -> tuple[str, list[str]]:
    version = package_version()
    jar = one(str(DIST / "java" / "**" / version / f"cdk-redis-{version}-sources.jar"), "sources jar")
    with zipfile.ZipFile(jar) as z:
        name = next(n for n in z.namelist() if n.endswith("com/airdiscovery/cdk/redis/package-info.java"))
        return f"{jar.name}:{name}", javadoc_blocks(z.read(name).decode())


# ---- pairing and checks -------------------------------------------------------------------------------------

def python_examples(markdown: str, source: list[tuple[str, str]] | None = None) -> tuple[list[str], list[str]]:
    """(every ```python block of a packaged README, problems). A problem: a README.md TypeScript fence whose
    packaged counterpart is not a ```python fence, or still holds TypeScript."""
    source = source_fences() if source is None else source
    packaged = fences(markdown)
    problems = []
    if len(packaged) != len(source):
        problems.append(f"{len(packaged)} code blocks, README.md has {len(source)}")
    for i, ((lang, _), (plang, pcode)) in enumerate(zip(source, packaged), 1):
        if lang in TS_LANGUAGES:
            if plang != "python":
                problems.append(f"block {i}: README.md ```{lang} became ```{plang or '(none)'}, not ```python")
            elif typescript_markers(pcode):
                problems.append(f"block {i}: TypeScript in a ```python fence ({', '.join(typescript_markers(pcode))}):\n"
                                + "\n".join("      " + l for l in pcode.splitlines()[:6]))
    return [code for lang, code in packaged if lang == "python"], problems


def java_examples(blocks: list[str], source: list[tuple[str, str]] | None = None) -> tuple[list[str], list[str]]:
    """(the Java translation of every README.md TypeScript fence, problems)."""
    source = source_fences() if source is None else source
    problems = []
    if len(blocks) != len(source):
        problems.append(f"{len(blocks)} <pre> blocks, README.md has {len(source)} code blocks")
    examples = []
    for i, ((lang, _), code) in enumerate(zip(source, blocks), 1):
        if lang in TS_LANGUAGES or lang == "java":
            markers = typescript_markers(code)
            if markers or not JAVA_IMPORT.search(code):
                problems.append(f"block {i}: not Java ({', '.join(markers) or 'no Java import'}):\n"
                                + "\n".join("      " + l for l in code.splitlines()[:6]))
            else:
                examples.append(code)
    return examples, problems


def check_markdown(where: str, markdown: str) -> list[str]:
    examples, problems = python_examples(markdown)
    return [f"{where}: {p}" for p in problems] + ([] if examples else [f"{where}: no ```python example"])


def check_javadoc(where: str, java_source: str) -> list[str]:
    examples, problems = java_examples(javadoc_blocks(java_source))
    return [f"{where}: {p}" for p in problems] + ([] if examples else [f"{where}: no Java example"])


def check(target: str) -> list[str]:
    """Problems of the packaged READMEs of one target, each prefixed with its file. A target is 'python'
    (dist/python: wheel and sdist), 'java' (dist/java: sources jar), or a file jsii-pacmak generated:
    'python-readme=<README.md>', 'java-package-info=<package-info.java>' (jsii-pacmak --code-only output)."""
    if target == "python":
        return [p for where, md in (wheel_readme(), sdist_readme()) for p in check_markdown(where, md)]
    if target == "java":
        where, blocks = java_readme()
        examples, problems = java_examples(blocks)
        return [f"{where}: {p}" for p in problems] + ([] if examples else [f"{where}: no Java example"])
    kind, _, file = target.partition("=")
    if kind == "python-readme":
        return check_markdown(file, Path(file).read_text())
    if kind == "java-package-info":
        return check_javadoc(file, Path(file).read_text())
    raise ValueError(f"unknown target {target!r}")


def main(argv: list[str]) -> int:
    targets = [a.lstrip("-") for a in argv] or ["python", "java"]
    failed = False
    for target in targets:
        if target == "js":
            continue  # the npm package ships README.md itself
        try:
            problems = check(target)
        except (FileNotFoundError, StopIteration) as e:
            problems = [f"cannot read the packaged README: {e or 'not in the package'}"]
        if problems:
            failed = True
            print(f"packaged README ({target}): {len(problems)} problem(s); is .jsii.tabl.json missing or stale? "
                  f"(`npx projen rosetta` writes it)", file=sys.stderr)
            for p in problems:
                print(f"  {p}", file=sys.stderr)
        else:
            print(f"packaged README ({target}): every TypeScript example is translated")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
