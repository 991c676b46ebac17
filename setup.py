"""Copy the repository's templates/ and inputs/ into the wheel as package data.

They stay at the repository root, their only source; the build puts a copy under
``generator/shipped/`` so that an installed vanban finds them with importlib.resources.
An editable install reads them from the repository instead (see generator/data/shipped.py).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
SHIPPED = {
    "templates": ("*.docx",),
    "inputs": ("*.yaml", "*.xlsx", "[0-9][0-9][0-9][0-9]/*.xlsx"),
}


class BuildWithShippedData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "generator" / "shipped"
        for folder, patterns in SHIPPED.items():
            for pattern in patterns:
                for source in sorted((ROOT / folder).glob(pattern)):
                    destination = target / folder / source.relative_to(ROOT / folder)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, destination)


setup(cmdclass={"build_py": BuildWithShippedData})
