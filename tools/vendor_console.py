"""Refresh the console's front-end files from the npm registry: `python tools/vendor_console.py`.

Each package is fetched with `npm pack` at the version pinned below; only its minified
dist files, its licence and a VERSION file are kept, in api/console/static/vendor/<package>/.
The console is then served without a build step and without any CDN.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "api" / "console" / "static" / "vendor"
PACKAGES: dict[str, tuple[str, list[str]]] = {
    # package: (version, files under the package folder to keep)
    "bpmn-js": (
        "18.31.1",
        [
            "dist/bpmn-navigated-viewer.production.min.js",
            "dist/assets/diagram-js.css",
            "dist/assets/bpmn-js.css",
            "dist/assets/bpmn-font/css/bpmn-embedded.css",
        ],
    ),
    "htmx.org": ("2.0.11", ["dist/htmx.min.js"]),
}


def vendor(name: str, version: str, files: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        npm = ["npm", "pack", "--silent", f"{name}@{version}"]
        packed = subprocess.run(npm, cwd=tmp, check=True, capture_output=True, text=True).stdout.strip()
        packed = packed.splitlines()[-1]
        with tarfile.open(Path(tmp) / packed) as archive:
            archive.extractall(tmp, filter="data")
        source = Path(tmp) / "package"
        target = VENDOR / name
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for file in files:
            shutil.copyfile(source / file, target / Path(file).name)
        licence = next(p for p in source.iterdir() if p.name.upper().startswith(("LICENSE", "LICENCE")))
        shutil.copyfile(licence, target / "LICENSE")
        (target / "VERSION").write_text(f"{name}@{version} from the npm registry\n")
    print(f"{name}@{version}: {', '.join(Path(f).name for f in files)}")


def main() -> None:
    for name, (version, files) in PACKAGES.items():
        vendor(name, version, files)


if __name__ == "__main__":
    main()
