"""Refresh the console's front-end files from the npm registry: `python tools/vendor_console.py [PACKAGE...]`.

Each package (all, or those named) is fetched with `npm pack` at the version pinned below; only
its minified dist files, its licence and a VERSION file are kept, in
api/console/static/vendor/<package>/. The console and the API's documentation pages (/docs,
/redoc) are then served without a build step and without any CDN.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
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
    # /docs: FastAPI's Swagger UI page needs only the bundle and its stylesheet
    "swagger-ui-dist": (
        "5.35.0",
        [
            "swagger-ui-bundle.js",
            "swagger-ui.css",
            "favicon-32x32.png",
            "swagger-ui-bundle.js.LICENSE.txt",
            "NOTICE",
        ],
    ),
    # /redoc: the 2.x line, a classic script as FastAPI's ReDoc page loads it (3.x is an ES module)
    "redoc": ("2.5.4", ["bundles/redoc.standalone.js", "bundles/redoc.standalone.js.LICENSE.txt"]),
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


def main(names: list[str]) -> None:
    unknown = sorted(set(names) - set(PACKAGES))
    if unknown:
        sys.exit(f"unknown packages: {', '.join(unknown)}; known: {', '.join(PACKAGES)}")
    for name, (version, files) in PACKAGES.items():
        if not names or name in names:
            vendor(name, version, files)


if __name__ == "__main__":
    main(sys.argv[1:])
