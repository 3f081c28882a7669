"""The README's pandas snippets run: ctest's readme.python_snippets.

    python3 tests/readme_python.py GEOSIM_BINARY WORK_DIR

geosim writes a run of the baseline, a comparison of the baseline with the THAAD-style scenario
and a small sweep of that scenario into WORK_DIR (emptied first; it is the test's own folder).
Every ```python block of README.md then runs, in order and in one namespace as a reader's
session would, with each "results/.../FILE.csv" path pointed at the file geosim wrote. Exits 1
naming the block and its line if one raises, or if a path names a file the test did not write.
Run from the source folder. Needs pandas (Debian's python3-pandas, from scripts/setup.sh).
"""
import re
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

if len(sys.argv) != 3:
    sys.exit("usage: python3 tests/readme_python.py GEOSIM_BINARY WORK_DIR")
geosim, work = sys.argv[1], Path(sys.argv[2])

try:
    import pandas  # noqa: F401  (the snippets import it themselves)
except ImportError:
    print(f"readme.python_snippets: {sys.executable} has no pandas; run scripts/setup.sh (it installs "
          "Debian's python3-pandas) or configure with -DGEOSIM_PYTHON=<a python3 with pandas>", file=sys.stderr)
    sys.exit(1)

if work.exists():
    shutil.rmtree(work)
work.mkdir(parents=True)


def geosim_writes(*args):
    subprocess.run([geosim, *args, "--quiet"] if args[0] == "compare" else [geosim, *args], check=True,
                   stdout=subprocess.DEVNULL)


geosim_writes("run", "scenarios/baseline.yaml", "--out", str(work / "run"))
geosim_writes("compare", "scenarios/baseline.yaml", "scenarios/thaad_style_sanctions.yaml", "--runs", "4",
              "--out", str(work / "compare"))
geosim_writes("sweep", "scenarios/thaad_style_sanctions.yaml", "--runs", "16", "--out", str(work / "sweep"))
written = {"series.csv": work / "run" / "series.csv", "compare.csv": work / "compare" / "compare.csv",
           "runs.csv": work / "sweep" / "runs.csv"}

readme = Path("README.md").read_text(encoding="utf-8")
blocks = [(readme.count("\n", 0, m.start()) + 2, m.group(1))
          for m in re.finditer(r"^```python\n(.*?)^```", readme, re.S | re.M)]
if len(blocks) < 2:
    sys.exit(f"readme.python_snippets: expected the README's python blocks, found {len(blocks)}")

failed = False
namespace = {}
for line, code in blocks:
    unknown = []

    def point(m):
        if m.group(1) not in written:
            unknown.append(m.group(0))
            return m.group(0)
        return repr(str(written[m.group(1)]))

    runnable = re.sub(r'"results/[^"]*/([^"/]+)"', point, code)
    if unknown:
        print(f"README.md:{line}: the block reads {', '.join(unknown)}, which this test does not write")
        failed = True
        continue
    try:
        exec(compile(runnable, f"README.md:{line}", "exec"), namespace)
        print(f"README.md:{line}: ran ({code.count(chr(10))} lines)")
    except Exception:
        print(f"README.md:{line}: the block raised:\n{code}")
        traceback.print_exc(file=sys.stdout)
        failed = True
sys.exit(1 if failed else 0)
