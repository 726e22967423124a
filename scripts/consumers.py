#!/usr/bin/env python3
"""Consumer tests: the packaged library used from TypeScript, Python and Java CDK apps.

Run after `npx projen package-all` (`npx projen consumers` runs this script). For each language it copies
the app from test/consumers/<language>/ into a fresh temporary directory, installs the built package from
dist/ there (npm tarball, wheel in a venv, jar in ~/.m2), synthesizes the same three stacks, then compares
the templates after removing metadata. A consumer passes when it synthesizes and its templates are
identical to the TypeScript ones (which must also pass a few sanity checks).

Downloads are cached where each tool caches by default (~/.npm, ~/.cache/pip); Maven reads ~/.m2/repository through
hard links in a repository of the run (see private_maven_repo), so artifacts it downloads are not kept.

Then it runs every README example in each language (TypeScript from README.md, Python from the wheel's README,
Java from the sources jar's javadoc) against the installed package, and checks the packaged READMEs for
TypeScript left in a Python or Java example. Each consumer, each example and each packaged README counts as one
test in the closing `consumers: N passed, M failed` line.

Usage: python3 scripts/consumers.py [--keep] [--no-examples] [typescript] [python] [java]
"""
from __future__ import annotations

import copy
import difflib
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import packaged_readmes  # noqa: E402  (the READMEs as the packages ship them)
SOURCES = ROOT / "test" / "consumers"
DIST = ROOT / "dist"

CDK_VERSION = "2.257.0"  # the library's aws-cdk-lib pin (see .projenrc.ts)
CONSTRUCTS_VERSION = "10.5.1"  # the library's constructs minimum
LANGUAGES = ["typescript", "python", "java"]
STACKS = {"ConsumerDev", "ConsumerProd", "ConsumerServerless"}
# plugin versions for the Java consumer's install step (the app's own plugins are pinned in its pom.xml)
MAVEN_INSTALL_PLUGIN = "org.apache.maven.plugins:maven-install-plugin:3.1.3"
TIMEOUT_SECONDS = {"typescript": 15 * 60, "python": 20 * 60, "java": 25 * 60}


class ConsumerError(Exception):
    pass


def log(msg: str) -> None:
    print(msg, flush=True)


def child_env(outdir: Path | None = None) -> dict[str, str]:
    # npm run-script variables (when started through `npx projen`) must not leak into the consumer's npm
    env = {k: v for k, v in os.environ.items() if not k.startswith("npm_") and k != "INIT_CWD"}
    env.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")  # only silences the banner
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    if outdir is not None:
        env["CONSUMER_OUTDIR"] = str(outdir)
    return env


def run(cmd: list[str], cwd: Path, logfile: Path, deadline: float, outdir: Path | None = None) -> None:
    """Run one command, appending its output to logfile; raise with the log's tail on failure."""
    with logfile.open("a") as f:
        f.write(f"\n$ {' '.join(cmd)}\n")
        f.flush()
        try:
            proc = subprocess.run(cmd, cwd=cwd, env=child_env(outdir), stdout=f, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, timeout=max(1.0, deadline - time.time()))
        except subprocess.TimeoutExpired:
            raise ConsumerError(f"timed out: {' '.join(cmd)}")
        except FileNotFoundError:
            raise ConsumerError(f"not found: {cmd[0]}")
    if proc.returncode != 0:
        raise ConsumerError(f"exit {proc.returncode}: {' '.join(cmd)}")


def package_version() -> str:
    return json.loads((ROOT / "package.json").read_text())["version"]


def one(pattern: str, what: str) -> Path:
    found = sorted(p for p in glob.glob(pattern, recursive=True))
    if len(found) != 1:
        raise ConsumerError(f"expected one {what} ({pattern}), found {found or 'none'}: run `npx projen package-all` first")
    return Path(found[0])


# ---------------------------------------------------------------------------------------------------------
# the three consumers
# ---------------------------------------------------------------------------------------------------------

def repo_dev_version(pkg: str) -> str:
    return json.loads((ROOT / "node_modules" / pkg / "package.json").read_text())["version"]


def typescript(work: Path, out: Path, logfile: Path, deadline: float) -> None:
    tarball = one(str(DIST / "js" / f"*@{package_version()}.jsii.tgz"), "npm tarball")
    shutil.copy(SOURCES / "typescript" / "app.ts", work)
    shutil.copy(SOURCES / "typescript" / "tsconfig.json", work)
    (work / "package.json").write_text(json.dumps(
        {"name": "cdk-redis-typescript-consumer", "version": "0.0.0", "private": True}, indent=2))
    run(["npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error",
         str(tarball), f"aws-cdk-lib@{CDK_VERSION}", f"constructs@{CONSTRUCTS_VERSION}",
         # the compiler the library is built with, so the consumer type-checks against the shipped .d.ts
         f"typescript@{repo_dev_version('typescript')}", f"@types/node@{repo_dev_version('@types/node')}"],
        work, logfile, deadline)
    run([str(work / "node_modules" / ".bin" / "tsc"), "-p", "."], work, logfile, deadline)
    run(["node", "build/app.js"], work, logfile, deadline, outdir=out)


def python(work: Path, out: Path, logfile: Path, deadline: float) -> None:
    wheel = one(str(DIST / "python" / "*.whl"), "wheel")
    shutil.copy(SOURCES / "python" / "app.py", work)
    run([sys.executable, "-m", "venv", ".venv"], work, logfile, deadline)
    py = str(work / ".venv" / "bin" / "python")
    run([py, "-m", "pip", "install", "--quiet", str(wheel),
         f"aws-cdk-lib=={CDK_VERSION}", f"constructs=={CONSTRUCTS_VERSION}"], work, logfile, deadline)
    run([py, "app.py"], work, logfile, deadline, outdir=out)


def private_maven_repo(work: Path) -> Path:
    """A Maven repository of this run only: hard links to ~/.m2/repository (no copy, no download), without any
    com.airdiscovery artifact. The jar is installed there, so two runs on one machine (other branches, other
    worktrees) never replace each other's cdk-redis-0.0.0.jar in ~/.m2 while a JVM reads it."""
    repo = work.parent / "m2"
    if not repo.exists():
        home = Path.home() / ".m2" / "repository"
        if home.is_dir():
            subprocess.run(["cp", "-al", str(home), str(repo)], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(repo / "com" / "airdiscovery", ignore_errors=True)
        repo.mkdir(parents=True, exist_ok=True)
    return repo


def java(work: Path, out: Path, logfile: Path, deadline: float) -> None:
    version = package_version()
    jar = one(str(DIST / "java" / "**" / version / f"cdk-redis-{version}.jar"), "jar")
    pom = jar.with_suffix(".pom")
    shutil.copy(SOURCES / "java" / "pom.xml", work)
    src = work / "src" / "main" / "java" / "consumer"
    src.mkdir(parents=True)
    shutil.copy(SOURCES / "java" / "Main.java", src)
    mvn = ["mvn", "--batch-mode", "--no-transfer-progress", f"-Dmaven.repo.local={private_maven_repo(work)}"]
    # install:install-file always overwrites, so the repository never serves a stale build of the same version
    run(mvn + [f"{MAVEN_INSTALL_PLUGIN}:install-file", f"-Dfile={jar}", f"-DpomFile={pom}"], work, logfile, deadline)
    run(mvn + ["compile", "exec:java", f"-Dcdk-redis.version={version}",
               f"-Daws-cdk-lib.version={CDK_VERSION}", f"-Dconstructs.version={CONSTRUCTS_VERSION}"],
        work, logfile, deadline, outdir=out)


CONSUMERS = {"typescript": typescript, "python": python, "java": java}


# ---------------------------------------------------------------------------------------------------------
# README examples: every example as each language's users read it, run against the installed package
# ---------------------------------------------------------------------------------------------------------
# TypeScript: README.md's ```ts fences. Python: the ```python fences of the wheel's README (METADATA). Java: the
# <pre> blocks of the sources jar's package-info.java that replace README.md's ```ts fences. Each example is a
# whole CDK app (imports, App, Stack, VPC, app.synth()) and runs as it is written; Java's statements are put in
# a main method (with `import java.util.*` for the Map.of / List.of jsii-rosetta writes), one class each.

TS_EXAMPLE_TSCONFIG = {  # `cdk init app --language typescript` defaults
    "compilerOptions": {"target": "ES2022", "module": "node16", "lib": ["es2022"], "strict": True,
                        "esModuleInterop": True, "skipLibCheck": True, "types": ["node"], "rootDir": "readme", "outDir": "build"},
    "include": ["readme/*.ts"],
}


def example_results(names: list[str], output: str) -> dict[str, bool]:
    """Reads `readme-example <name>: ok|FAILED` lines."""
    found = dict(re.findall(r"^readme-example (\S+): (ok|FAILED)", output, re.M))
    return {n: found.get(n) == "ok" for n in names}


def typescript_examples(work: Path, logfile: Path, deadline: float) -> dict[str, bool]:
    examples = [code for lang, code in packaged_readmes.source_fences() if lang in packaged_readmes.TS_LANGUAGES]
    (work / "readme").mkdir()
    names = []
    for i, code in enumerate(examples, 1):
        names.append(f"typescript-{i}")
        (work / "readme" / f"example{i}.ts").write_text(code)
    (work / "tsconfig.readme.json").write_text(json.dumps(TS_EXAMPLE_TSCONFIG, indent=2))
    run([str(work / "node_modules" / ".bin" / "tsc"), "-p", "tsconfig.readme.json"], work, logfile, deadline)
    results = {}
    for i, name in enumerate(names, 1):
        try:
            run(["node", f"build/example{i}.js"], work, logfile, deadline)
            results[name] = True
        except ConsumerError:
            results[name] = False
    return results


PYTHON_RUNNER = """import runpy, sys, traceback

# Every example in one interpreter, as the Java runner runs them in one JVM: the jsii kernel and aws-cdk-lib's
# assembly load once instead of once per example (about 12 s each on a 2-core machine). Each example still runs
# as its own script (run_name "__main__", its own App and Stack) and is reported on its own.
failed = 0
for i in range(1, %d + 1):
    try:
        runpy.run_path(f"readme_example_{i}.py", run_name="__main__")
        print(f"readme-example python-{i}: ok", flush=True)
    except SystemExit as e:  # an example that exits with an error has not run
        if e.code in (None, 0):
            print(f"readme-example python-{i}: ok", flush=True)
        else:
            failed += 1
            print(f"readme-example python-{i}: FAILED: exit {e.code!r}", flush=True)
    except Exception as e:
        failed += 1
        traceback.print_exc()
        sys.stderr.flush()
        print(f"readme-example python-{i}: FAILED: {e!r}", flush=True)
sys.exit(1 if failed else 0)
"""


def python_examples(work: Path, logfile: Path, deadline: float) -> dict[str, bool]:
    where, markdown = packaged_readmes.wheel_readme()
    examples, problems = packaged_readmes.python_examples(markdown)
    if problems:
        raise ConsumerError(f"{where}: " + "; ".join(problems))
    for i, code in enumerate(examples, 1):
        (work / f"readme_example_{i}.py").write_text(code)
    (work / "readme_examples.py").write_text(PYTHON_RUNNER % len(examples))
    names = [f"python-{i}" for i in range(1, len(examples) + 1)]
    try:
        run([str(work / ".venv" / "bin" / "python"), "readme_examples.py"], work, logfile, deadline)
    except ConsumerError:
        pass  # the per-example lines say which failed (none print when the interpreter dies)
    return example_results(names, logfile.read_text())


def java_wrap(index: int, code: str) -> str:
    imports = [l for l in code.splitlines() if packaged_readmes.JAVA_IMPORT.match(l)]
    body = [l for l in code.splitlines() if not packaged_readmes.JAVA_IMPORT.match(l)]
    return "\n".join(["package readme;", "", "import java.util.*;", *imports, "",
                      f"public final class Example{index} {{",
                      "    public static void main(final String[] args) {",
                      *("        " + l if l.strip() else "" for l in body),
                      "    }", "}", ""])


JAVA_RUNNER = """package readme;

public final class ReadmeExamples {
    public static void main(final String[] args) throws Exception {
        int failed = 0;
        for (int i = 1; i <= %d; i++) {
            try {
                Class.forName("readme.Example" + i).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
                System.out.println("readme-example java-" + i + ": ok");
            } catch (java.lang.reflect.InvocationTargetException e) {
                failed++;
                System.out.println("readme-example java-" + i + ": FAILED: " + e.getCause());
            }
        }
        if (failed > 0) System.exit(1);
    }
}
"""


def java_examples(work: Path, logfile: Path, deadline: float) -> dict[str, bool]:
    where, blocks = packaged_readmes.java_readme()
    examples, problems = packaged_readmes.java_examples(blocks)
    if problems:
        raise ConsumerError(f"{where}: " + "; ".join(problems))
    project = work / "readme"
    src = project / "src" / "main" / "java" / "readme"
    src.mkdir(parents=True)
    (project / "pom.xml").write_text((SOURCES / "java" / "pom.xml").read_text()
                                     .replace("<mainClass>consumer.Main</mainClass>", "<mainClass>readme.ReadmeExamples</mainClass>")
                                     .replace("<artifactId>cdk-redis-java-consumer</artifactId>", "<artifactId>cdk-redis-java-readme</artifactId>"))
    for i, code in enumerate(examples, 1):
        (src / f"Example{i}.java").write_text(java_wrap(i, code))
    (src / "ReadmeExamples.java").write_text(JAVA_RUNNER % len(examples))
    names = [f"java-{i}" for i in range(1, len(examples) + 1)]
    version = package_version()
    try:
        run(["mvn", "--batch-mode", "--no-transfer-progress", f"-Dmaven.repo.local={private_maven_repo(work)}",
             "compile", "exec:java", f"-Dcdk-redis.version={version}",
             f"-Daws-cdk-lib.version={CDK_VERSION}", f"-Dconstructs.version={CONSTRUCTS_VERSION}"], project, logfile, deadline)
    except ConsumerError:
        pass  # the per-example lines say which failed (none print when compilation fails)
    return example_results(names, logfile.read_text())


EXAMPLES = {"typescript": typescript_examples, "python": python_examples, "java": java_examples}


def packaged_readme_checks() -> dict[str, list[str]]:
    """Each packaged README, and its problems (TypeScript left in a Python or Java example)."""
    checks = {}
    for name, read in (("wheel METADATA", packaged_readmes.wheel_readme), ("sdist README.md", packaged_readmes.sdist_readme)):
        try:
            where, markdown = read()
            checks[name] = packaged_readmes.check_markdown(where, markdown)
        except (FileNotFoundError, StopIteration) as e:
            checks[name] = [f"cannot read: {e}"]
    try:
        where, blocks = packaged_readmes.java_readme()
        examples, problems = packaged_readmes.java_examples(blocks)
        checks["sources jar package-info.java"] = [f"{where}: {p}" for p in problems] + ([] if examples else ["no Java example"])
    except (FileNotFoundError, StopIteration) as e:
        checks["sources jar package-info.java"] = [f"cannot read: {e}"]
    return checks


# ---------------------------------------------------------------------------------------------------------
# templates
# ---------------------------------------------------------------------------------------------------------

HASH = re.compile(r"\b[0-9a-f]{64}\b")


def normalize(template: dict) -> dict:
    """The template without what legitimately differs between runs and languages."""
    t = copy.deepcopy(template)
    t.pop("Metadata", None)
    resources = t.get("Resources", {})
    for logical_id in [k for k, r in resources.items() if r.get("Type") == "AWS::CDK::Metadata"]:
        del resources[logical_id]
    conditions = t.get("Conditions", {})
    conditions.pop("CDKMetadataAvailable", None)
    if "Conditions" in t and not conditions:
        del t["Conditions"]

    def walk(node):
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items() if k not in ("Metadata", "aws:cdk:path")}
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, str):
            return HASH.sub("<asset-hash>", node)
        return node

    return walk(t)


def load_templates(out: Path) -> dict[str, dict]:
    templates = {}
    for f in sorted(out.glob("*.template.json")):
        templates[f.name[: -len(".template.json")]] = normalize(json.loads(f.read_text()))
    return templates


def of_type(template: dict, cfn_type: str) -> list[dict]:
    return [r.get("Properties", {}) for r in template.get("Resources", {}).values() if r.get("Type") == cfn_type]


def sanity_check(templates: dict[str, dict]) -> list[str]:
    """The reference templates really contain what the apps build (so 'identical' means something)."""
    problems = []
    if set(templates) != STACKS:
        return [f"stacks {sorted(templates)}, expected {sorted(STACKS)}"]
    dev, prod = templates["ConsumerDev"], templates["ConsumerProd"]

    dev_groups = of_type(dev, "AWS::ElastiCache::ReplicationGroup")
    if len(dev_groups) != 1 or dev_groups[0].get("Port") != 6379 or dev_groups[0].get("TransitEncryptionEnabled"):
        problems.append(f"ConsumerDev: expected one DEV replication group (port 6379, no TLS), got {dev_groups}")

    groups = of_type(prod, "AWS::ElastiCache::ReplicationGroup")
    valkey = [g for g in groups if g.get("Engine") == "valkey" and g.get("CacheNodeType") == "cache.r7g.large"]
    if len(groups) != 2 or len(valkey) != 1:
        problems.append(f"ConsumerProd: expected 2 replication groups, one Valkey on cache.r7g.large, got {len(groups)}")
    elif not (valkey[0].get("NumCacheClusters") == 2 and valkey[0].get("TransitEncryptionMode") == "required"
              and "AuthToken" in valkey[0] and valkey[0].get("SnapshotRetentionLimit") == 15):
        problems.append(f"ConsumerProd: the Valkey group lacks the overrides: {json.dumps(valkey[0])[:400]}")
    if not any(g.get("UserGroupIds") for g in groups):
        problems.append("ConsumerProd: no replication group uses an RBAC user group")
    users = of_type(prod, "AWS::ElastiCache::User")
    if not any(u.get("UserName") == "api" for u in users):
        problems.append("ConsumerProd: no RBAC user 'api'")
    secrets = of_type(prod, "AWS::SecretsManager::Secret")
    if len(secrets) < 2:
        problems.append(f"ConsumerProd: expected the AUTH token and the user secret, got {len(secrets)} secrets")
    policies = json.dumps(of_type(prod, "AWS::IAM::Policy"))
    if policies.count("secretsmanager:GetSecretValue") < 2:
        problems.append("ConsumerProd: the role was not granted read on both secrets (grantReadAuthSecret, userSecret().grantRead)")
    if "RedisUrl" not in prod.get("Outputs", {}):
        problems.append("ConsumerProd: no RedisUrl output (connectionEnvironment())")

    serverless = templates["ConsumerServerless"]
    caches = of_type(serverless, "AWS::ElastiCache::ServerlessCache")
    if len(caches) != 1 or caches[0].get("Engine") != "valkey" or caches[0].get("MajorEngineVersion") != "8":
        problems.append(f"ConsumerServerless: expected one Valkey 8 serverless cache, got {caches}")
    elif caches[0].get("CacheUsageLimits") != {"DataStorage": {"Unit": "GB", "Maximum": 5}, "ECPUPerSecond": {"Maximum": 20000}} \
            or caches[0].get("SnapshotRetentionLimit") != 15 or not caches[0].get("UserGroupId"):
        problems.append(f"ConsumerServerless: the cache lacks the overrides: {json.dumps(caches[0])[:400]}")
    if not any(u.get("UserName") == "api" and u.get("AuthenticationMode", {}).get("Type") == "iam"
               for u in of_type(serverless, "AWS::ElastiCache::User")):
        problems.append("ConsumerServerless: no IAM user 'api'")
    if "elasticache:Connect" not in json.dumps(of_type(serverless, "AWS::IAM::Policy")):
        problems.append("ConsumerServerless: the role was not granted elasticache:Connect (grantConnect)")
    if "CacheUrl" not in serverless.get("Outputs", {}):
        problems.append("ConsumerServerless: no CacheUrl output (connectionEnvironment())")
    return problems


def diff(reference: dict, other: dict, ref_name: str, other_name: str, limit: int = 80) -> str:
    a = json.dumps(reference, indent=1, sort_keys=True).splitlines()
    b = json.dumps(other, indent=1, sort_keys=True).splitlines()
    lines = list(difflib.unified_diff(a, b, ref_name, other_name, lineterm="", n=2))
    more = f"\n... {len(lines) - limit} more diff lines" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


# ---------------------------------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    keep = "--keep" in argv
    languages = [a for a in argv if not a.startswith("--")] or LANGUAGES
    unknown = [l for l in languages if l not in CONSUMERS]
    if unknown:
        print(f"unknown consumer(s) {unknown}; choose from {LANGUAGES}", file=sys.stderr)
        return 2

    skip_examples = "--no-examples" in argv
    examples: dict[str, dict[str, bool]] = {}
    base = Path(tempfile.mkdtemp(prefix="cdk-redis-consumers-"))
    log(f"consumers: package {package_version()}, aws-cdk-lib {CDK_VERSION}, constructs {CONSTRUCTS_VERSION}, work dir {base}")
    results: dict[str, dict] = {}
    for lang in languages:
        work, out, logfile = base / lang, base / "out" / lang, base / f"{lang}.log"
        work.mkdir(parents=True)
        out.mkdir(parents=True)
        log(f"--- {lang}: installing and synthesizing in {work}")
        start = time.time()
        try:
            CONSUMERS[lang](work, out, logfile, start + TIMEOUT_SECONDS[lang])
            templates = load_templates(out)
            if not templates:
                raise ConsumerError(f"no templates in {out}")
            results[lang] = {"ok": True, "seconds": time.time() - start, "templates": templates, "why": ""}
            log(f"    {lang}: synthesized {', '.join(sorted(templates))} in {time.time() - start:.1f}s")
            if not skip_examples:
                ex_start = time.time()
                try:
                    examples[lang] = EXAMPLES[lang](work, logfile, ex_start + TIMEOUT_SECONDS[lang])
                except ConsumerError as e:
                    examples[lang] = {f"{lang}-all": False}
                    log(f"    {lang}: README examples FAILED: {e}")
                ok = sum(examples[lang].values())
                log(f"    {lang}: README examples {ok}/{len(examples[lang])} ran in {time.time() - ex_start:.1f}s"
                    + "".join(f"\n      {n}: FAILED" for n, r in examples[lang].items() if not r))
                if ok < len(examples[lang]):
                    log("\n".join(f"    | {line}" for line in logfile.read_text().splitlines()[-60:]))
        except ConsumerError as e:
            results[lang] = {"ok": False, "seconds": time.time() - start, "templates": {}, "why": str(e)}
            log(f"    {lang}: FAILED after {time.time() - start:.1f}s: {e}")
            tail = logfile.read_text().splitlines()[-60:] if logfile.exists() else []
            log("\n".join(f"    | {line}" for line in tail))

    # Compare: TypeScript (the library's own language) is the reference when it synthesized.
    synthesized = [l for l in languages if results[l]["ok"]]
    reference = "typescript" if "typescript" in synthesized else (synthesized[0] if synthesized else None)
    if reference is not None:
        ref = results[reference]
        problems = sanity_check(ref["templates"])
        if problems:
            for lang in synthesized:
                results[lang].update(ok=False, why=f"{reference} templates fail the sanity check")
            log(f"--- sanity check of the {reference} templates FAILED:\n  " + "\n  ".join(problems))
        else:
            log(f"--- sanity check of the {reference} templates: ok")
            for lang in synthesized:
                if lang == reference:
                    continue
                other = results[lang]["templates"]
                for stack in sorted(set(ref["templates"]) | set(other)):
                    a, b = ref["templates"].get(stack), other.get(stack)
                    if a != b:
                        results[lang].update(ok=False, why=f"{stack} differs from {reference}")
                        log(f"--- {lang}: {stack} differs from {reference} after removing metadata:")
                        log(diff(a or {}, b or {}, f"{reference}/{stack}", f"{lang}/{stack}"))
                if results[lang]["ok"]:
                    log(f"--- {lang}: templates identical to {reference} ({', '.join(sorted(other))})")
        if len(synthesized) < 2 and len(languages) > 1:
            log("--- fewer than two consumers synthesized: nothing to compare")

    log("")
    log(f"{'consumer':<12} {'result':<8} {'time':>8}  note")
    for lang in languages:
        r = results[lang]
        log(f"{lang:<12} {'passed' if r['ok'] else 'FAILED':<8} {r['seconds']:>7.1f}s  {r['why']}")
    # the packaged READMEs (TypeScript left in a Python or Java example) and every README example
    readme_checks = packaged_readme_checks() if not skip_examples else {}
    for name, problems in readme_checks.items():
        log(f"{'readme':<12} {'passed' if not problems else 'FAILED':<8} {'':>8}  packaged {name}"
            + "".join(f"\n      {p}" for p in problems))
    for lang, runs in examples.items():
        log(f"{'readme':<12} {'passed' if all(runs.values()) else 'FAILED':<8} {'':>8}  {lang} README examples: "
            f"{sum(runs.values())} of {len(runs)} ran")
    example_passed = sum(sum(r.values()) for r in examples.values())
    example_failed = sum(len(r) for r in examples.values()) - example_passed
    checks_passed = sum(1 for p in readme_checks.values() if not p)
    checks_failed = len(readme_checks) - checks_passed
    if examples or readme_checks:
        log(f"readme examples: {example_passed} passed, {example_failed} failed ("
            + ", ".join(f"{lang} {sum(r.values())}/{len(r)}" for lang, r in examples.items())
            + f"); packaged README checks: {checks_passed} passed, {checks_failed} failed")

    passed = sum(1 for l in languages if results[l]["ok"]) + example_passed + checks_passed
    failed = len(languages) - sum(1 for l in languages if results[l]["ok"]) + example_failed + checks_failed
    if failed == 0 and not keep:
        shutil.rmtree(base, ignore_errors=True)
    else:
        log(f"work dir kept: {base}")
    log(f"consumers: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
