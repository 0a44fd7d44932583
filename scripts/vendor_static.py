"""Copy the JS/CSS the map needs from npm packages into ``dashboard/static/``.

Streamlit serves the ``static/`` folder beside ``app.py`` at ``/app/static/`` (server option
``enableStaticServing``), so the map loads Leaflet from the app itself and works offline; by
default folium points at CDNs and the map stays blank without internet (issue 6).
Run once with network access to the npm registry: ``python scripts/vendor_static.py``.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "dashboard" / "static"

# package spec -> (folder under static/, files inside the npm tarball's ``package/``)
PACKAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "leaflet@1.9.4": ("leaflet", (
        "LICENSE", "dist/leaflet.js", "dist/leaflet.css", "dist/images/layers.png",
        "dist/images/layers-2x.png", "dist/images/marker-icon.png", "dist/images/marker-icon-2x.png",
        "dist/images/marker-shadow.png",
    )),
    "leaflet.markercluster@1.5.3": ("leaflet.markercluster", (
        "MIT-LICENCE.txt", "dist/leaflet.markercluster.js", "dist/MarkerCluster.css",
        "dist/MarkerCluster.Default.css",
    )),
}


def npm_pack(spec: str, workdir: Path) -> Path:
    """Download one package tarball with the ordinary npm client; return its path."""
    out = subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", str(workdir)],
                         check=True, capture_output=True, text=True).stdout.split()
    return workdir / out[-1]


def copy_files(tarball: Path, folder: str, files: tuple[str, ...]) -> list[Path]:
    """Extract the listed files, dropping ``dist/`` so URLs read ``/app/static/leaflet/leaflet.js``."""
    written = []
    with tarfile.open(tarball) as tar:
        for name in files:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                msg = f"{tarball.name}: {name} is not a file"
                raise SystemExit(msg)
            target = STATIC / folder / name.removeprefix("dist/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(member.read())
            written.append(target)
    return written


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for spec, (folder, files) in PACKAGES.items():
            shutil.rmtree(STATIC / folder, ignore_errors=True)
            for path in copy_files(npm_pack(spec, Path(tmp)), folder, files):
                print(path.relative_to(STATIC.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
