"""A minimal PEP 517 build backend (stdlib only) for the pure-Python radioembo package.

It writes a py3-none-any wheel of radioembo/ and an sdist, so that
`pip install ./bindings/python` works offline without setuptools.
SPDX-License-Identifier: GPL-3.0-or-later
"""
import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = "radioembo"


def _version():
    """The library version the generated _ffi.py was made for (include/radioembo/version.h)."""
    with open(os.path.join(ROOT, NAME, "_ffi.py")) as f:
        return re.search(r'^VERSION_STRING = "([^"]+)"', f.read(), re.M).group(1)


def _metadata():
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: Python bindings (ctypes) "
            "of libradioembo\nLicense: GPL-3.0-or-later\nRequires-Python: >=3.7\n"
            % (NAME, _version()))


def _package_files():
    for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, NAME)):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                yield path, os.path.relpath(path, ROOT).replace(os.sep, "/")


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _version()
    dist_info = "%s-%s.dist-info" % (NAME, version)
    wheel_name = "%s-%s-py3-none-any.whl" % (NAME, version)
    records = []

    def add(zf, arcname, data):
        zf.writestr(zipfile.ZipInfo(arcname, date_time=(1980, 1, 1, 0, 0, 0)), data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
        records.append("%s,sha256=%s,%d" % (arcname, digest.decode(), len(data)))

    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w",
                         zipfile.ZIP_DEFLATED) as zf:
        for path, arcname in _package_files():
            with open(path, "rb") as f:
                add(zf, arcname, f.read())
        add(zf, dist_info + "/METADATA", _metadata().encode())
        add(zf, dist_info + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: radioembo_build\n"
            b"Root-Is-Purelib: true\nTag: py3-none-any\n")
        records.append(dist_info + "/RECORD,,")
        zf.writestr(zipfile.ZipInfo(dist_info + "/RECORD", date_time=(1980, 1, 1, 0, 0, 0)),
                    "\n".join(records) + "\n")
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    base = "%s-%s" % (NAME, _version())
    name = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tf:
        files = [(os.path.join(ROOT, "pyproject.toml"), "pyproject.toml"),
                 (os.path.abspath(__file__), "_build/radioembo_build.py")]
        for path, arcname in files + list(_package_files()):
            tf.add(path, base + "/" + arcname)
        data = _metadata().encode()
        info = tarfile.TarInfo(base + "/PKG-INFO")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    return name
