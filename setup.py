"""Build vnet: the packet path (vnet/build.py's COMPILED_MODULES) is compiled with mypyc.

Everything else about the package is in pyproject.toml. ``VNET_PURE=1`` builds plain
Python (nothing compiled): the same behaviour, about 2.4 times slower per packet.
"""

import os
import runpy

from setuptools import setup


def ext_modules() -> list:
    if os.environ.get("VNET_PURE") == "1":
        return []
    from mypyc.build import mypycify

    names = runpy.run_path(os.path.join("src", "vnet", "build.py"))["COMPILED_MODULES"]
    paths = [os.path.join("src", *name.split(".")) + ".py" for name in names]
    return mypycify(paths, opt_level="3")


setup(ext_modules=ext_modules())
