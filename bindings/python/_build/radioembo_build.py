"""A minimal PEP 517 build backend (stdlib only) for the radioembo package.

The wheel carries its own libradioembo: the backend copies the libradioembo source tree
this directory sits in (bindings/python) to a temporary directory, builds the library and
the element-wise loops (_vector.so) there with `make`, and puts both inside the package,
where radioembo/_ffi.py loads them by path (no LD_LIBRARY_PATH, no `make install`). The
wheel is tagged for this platform (py3-none-<platform>: ctypes, no Python ABI). GSL, FFTW
(single precision) and jansson stay system libraries (Debian: libgsl27, libfftw3-single3,
libjansson4; to build: build-essential pkg-config libgsl-dev libfftw3-dev libjansson-dev).
`pip install ./bindings/python` works offline (no setuptools, no network).
Environment: CC (the compiler), MAKE (the make program), RADIOEMBO_MAKEFLAGS (default -j2).
SPDX-License-Identifier: GPL-3.0-or-later
"""
import base64
import hashlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The libradioembo source tree: the one bindings/python sits in, or in an sdist its copy
SDIST_TREE = "libradioembo"
TOP = (os.path.join(ROOT, SDIST_TREE) if os.path.isdir(os.path.join(ROOT, SDIST_TREE))
       else os.path.dirname(os.path.dirname(ROOT)))
TREE_IGNORED = shutil.ignore_patterns(".git", "*.o", "*.a", "*.so", "*.so.*", "__pycache__",
                                      "*.Rcheck", ".build-flags", "build", "*.tar.gz",
                                      SDIST_TREE)
NAME = "radioembo"
SYSTEM_LIBRARIES = ("libgsl (GNU Scientific Library)", "libfftw3f (FFTW 3, single precision)",
                    "libjansson")


def _version():
    """The library version the generated _ffi.py was made for (include/radioembo/version.h)."""
    with open(os.path.join(ROOT, NAME, "_ffi.py")) as f:
        return re.search(r'^VERSION_STRING = "([^"]+)"', f.read(), re.M).group(1)


def _metadata():
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: Python bindings (ctypes) "
            "of libradioembo, with the library inside\nLicense: GPL-3.0-or-later\n"
            "Requires-Python: >=3.7\n%s\n"
            "The package carries libradioembo.so.1, built from source at install time. GSL, "
            "FFTW (single\nprecision) and jansson are system libraries the package does not "
            "carry: install them\nfirst (Debian: apt-get install libgsl27 libfftw3-single3 "
            "libjansson4; to build,\nbuild-essential pkg-config libgsl-dev libfftw3-dev "
            "libjansson-dev). numpy is optional.\n"
            % (NAME, _version(), "".join("Requires-External: %s\n" % lib
                                        for lib in SYSTEM_LIBRARIES)))


def _platform_tag():
    return re.sub(r"[^A-Za-z0-9]", "_", sysconfig.get_platform())


def _build_native(work):
    """libradioembo.so.1 and _vector.so, built by the tree's Makefile in a copy of the tree
    (the tree's own build is left as it is)."""
    if not (os.path.exists(os.path.join(TOP, "Makefile"))
            and os.path.exists(os.path.join(TOP, "include", "radioembo.h"))):
        raise RuntimeError("radioembo: build the package from the libradioembo source tree "
                           "(pip install ./bindings/python); %s is not one" % TOP)
    src = os.path.join(work, "src")
    shutil.copytree(TOP, src, symlinks=True, ignore=TREE_IGNORED)
    make = shlex.split(os.environ.get("MAKE", "make"))
    flags = shlex.split(os.environ.get("RADIOEMBO_MAKEFLAGS", "-j2"))
    cc = ["CC=" + os.environ["CC"]] if os.environ.get("CC") else []
    done = subprocess.run(make + ["-C", src] + flags + cc + ["lib/libradioembo.so.1",
                                                            "bindings/python/radioembo/_vector.so"],
                          stdout=sys.stderr, stderr=sys.stderr)
    if done.returncode != 0:
        raise RuntimeError("radioembo: building libradioembo failed (make exited %d); it needs "
                           "a C compiler, pkg-config and the development files of %s"
                           % (done.returncode, ", ".join(SYSTEM_LIBRARIES)))
    return {NAME + "/libradioembo.so.1": os.path.realpath(os.path.join(src, "lib",
                                                                       "libradioembo.so.1")),
            NAME + "/_vector.so": os.path.join(src, "bindings", "python", NAME, "_vector.so")}


def _package_files():
    for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, NAME)):  # sources only
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                yield path, os.path.relpath(path, ROOT).replace(os.sep, "/")


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def _wheel_file(tag):
    return ("Wheel-Version: 1.0\nGenerator: radioembo_build\nRoot-Is-Purelib: false\n"
            "Tag: %s\n" % tag)


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    """The metadata without building the library (pip asks for it first)."""
    dist_info = "%s-%s.dist-info" % (NAME, _version())
    os.makedirs(os.path.join(metadata_directory, dist_info), exist_ok=True)
    for name, text in (("METADATA", _metadata()), ("WHEEL", _wheel_file(
            "py3-none-" + _platform_tag()))):
        with open(os.path.join(metadata_directory, dist_info, name), "w") as f:
            f.write(text)
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _version()
    dist_info = "%s-%s.dist-info" % (NAME, version)
    tag = "py3-none-" + _platform_tag()
    wheel_name = "%s-%s-%s.whl" % (NAME, version, tag)
    records = []

    def add(zf, arcname, data, mode=0o644):
        info = zipfile.ZipInfo(arcname, date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = (0o100000 | mode) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
        records.append("%s,sha256=%s,%d" % (arcname, digest.decode(), len(data)))

    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w",
                         zipfile.ZIP_DEFLATED) as zf:
        for path, arcname in _package_files():
            with open(path, "rb") as f:
                add(zf, arcname, f.read())
        with tempfile.TemporaryDirectory(prefix="radioembo-build-") as work:
            for arcname, path in sorted(_build_native(work).items()):
                with open(path, "rb") as f:
                    add(zf, arcname, f.read(), 0o755)
        add(zf, dist_info + "/METADATA", _metadata().encode())
        add(zf, dist_info + "/WHEEL", _wheel_file(tag).encode())
        records.append(dist_info + "/RECORD,,")
        zf.writestr(zipfile.ZipInfo(dist_info + "/RECORD", date_time=(1980, 1, 1, 0, 0, 0)),
                    "\n".join(records) + "\n")
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    """The package and, in libradioembo/, the source tree its wheel builds the library from."""
    base = "%s-%s" % (NAME, _version())
    name = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tf:
        files = [(os.path.join(ROOT, "pyproject.toml"), "pyproject.toml"),
                 (os.path.abspath(__file__), "_build/radioembo_build.py")]
        for path, arcname in files + list(_package_files()):
            tf.add(path, base + "/" + arcname)
        with tempfile.TemporaryDirectory(prefix="radioembo-sdist-") as work:
            tree = os.path.join(work, SDIST_TREE)
            shutil.copytree(TOP, tree, symlinks=True, ignore=TREE_IGNORED)
            tf.add(tree, base + "/" + SDIST_TREE)
        data = _metadata().encode()
        info = tarfile.TarInfo(base + "/PKG-INFO")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    return name
