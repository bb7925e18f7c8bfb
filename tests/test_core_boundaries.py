"""The core (criteria, formats, linkage, synth) and the command line import no Django."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = (
    "regie.cli",
    "regie.criteria.compiler",
    "regie.criteria.describe",
    "regie.criteria.engines",
    "regie.criteria.nearmiss",
    "regie.criteria.plain",
    "regie.criteria.regeling",
    "regie.criteria.report",
    "regie.criteria.selection",
    "regie.criteria.tables",
    "regie.formats.cells",
    "regie.formats.codes",
    "regie.formats.delivery",
    "regie.formats.pseudonym",
    "regie.linkage.facts",
    "regie.linkage.linking",
    "regie.linkage.quality",
    "regie.linkage.records",
    "regie.synth.quick",
    "regie.synth.region",
)


def test_importing_the_core_loads_no_django() -> None:
    # given a fresh interpreter, when every core module is imported
    program = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    # then the imports succeed and no django module was loaded
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"
