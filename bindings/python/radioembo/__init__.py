"""libradioembo from Python: radioembolization planning and dosimetry.

Every C function ``radioembo_NAME`` is the function ``radioembo.NAME`` here, taking its C
parameter names as keywords and returning its outputs (one value, or a named tuple):

    >>> import radioembo
    >>> radioembo.decay_activity_gbq(activity_gbq=3.0, half_life_h=64.1, elapsed_h=24.0)
    2.3144...

Objects (products, vials, lesions, livers, lungs, plans, results, ...) are classes built
from their ``radioembo_<object>_*`` function families: constructors are class methods
(``Lesion.new(...)`` or just ``Lesion(...)``), the other functions are methods without the
prefix (``lesion.set_tnr(3.2)``), getters with a setter are properties
(``lesion.volume_ml``), and ``to_dict()`` returns every const query as plain data.
Objects free themselves, work as context managers and may be closed with ``close()``.

Failures raise ``RadioemboError`` with ``.status`` and the library's ``.message``.
Instants (``*_s`` parameters) accept timezone-aware datetimes or integer seconds since the
epoch; arrays accept sequences, ``array('d')`` or numpy arrays.  Indices count from 0 as in C.

Volumes (3D float images, x fastest) expose their voxels without a copy: ``volume.array``
is a numpy view of shape (nz, ny, nx) when numpy is installed, else a memoryview of
floats of that shape; either keeps the volume alive, and closing a volume while a view
exists raises ``BufferError``.  ``Volume.from_array(values, spacing_mm)`` builds one from
a numpy array or nested sequences indexed [z][y][x] (spacing given as (x, y, z) mm).
Float output arrays come back as ``array('f')``.

This layer is generic: it reads the tables of the generated ``_ffi`` module, so that a new
C function appears here after ``make bindings`` without an edit.
"""
import array as _pyarray
import collections
import ctypes
import datetime
import inspect
import keyword
import operator
import weakref

try:  # accepted, never required (README, Python)
    import numpy as _np
except ImportError:  # pragma: no cover - depends on the installation
    _np = None

from . import _ffi
from ._ffi import RadioemboError, BUFFERS, ENUMS, FUNCTIONS, GETTERS, OBJECTS  # noqa: F401
from ._ffi import *  # noqa: F401,F403  (the IntEnum classes)

__version__ = _ffi.VERSION_STRING
__all__ = ["RadioemboError", "reached"]

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_SCALAR_CTYPES = {"double": ctypes.c_double, "int": ctypes.c_int, "enum": ctypes.c_int,
                  "size_t": ctypes.c_size_t, "uint64": ctypes.c_uint64,
                  "instant": ctypes.c_int64, "int64": ctypes.c_int64}
_PREFIX = "radioembo_"

#: Names of the C functions called so far in this process (the test suite checks that it
#: reaches every one).
reached = set()


# ---- argument conversion --------------------------------------------------------------------

def _instant(value, name):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("%s: a naive datetime is ambiguous; give it a timezone" % name)
        return (value - _EPOCH) // datetime.timedelta(seconds=1)
    return operator.index(value)


def _convert_in(kind, extra, value, name):
    if kind == "double":
        return float(value)
    if kind in ("int", "enum", "int64"):
        return operator.index(value)
    if kind in ("size_t", "uint64"):
        value = operator.index(value)
        if value < 0:
            raise ValueError("%s must be >= 0, got %d" % (name, value))
        return value
    if kind == "instant":
        return _instant(value, name)
    if kind == "string":
        if value is None or isinstance(value, bytes):
            return value
        return str(value).encode("utf-8")
    if kind == "handle":
        if value is None:
            return None
        cls = _CLASSES[extra]
        if not isinstance(value, cls):
            raise TypeError("%s must be a radioembo.%s, got %s" %
                            (name, cls.__name__, type(value).__name__))
        return value._handle()
    raise AssertionError(kind)


def _float_array(value, name):
    """A const float * argument: numpy arrays and float buffers without a Python-level loop
    (a float32 C-contiguous numpy array is passed as it is), other sequences converted."""
    if value is None:
        return None, 0
    if _np is not None and isinstance(value, _np.ndarray):
        data = _np.ascontiguousarray(value, dtype=_np.float32).reshape(-1)
        return (ctypes.c_float * data.size).from_buffer(data) if data.flags.writeable else \
            (ctypes.c_float * data.size).from_buffer_copy(data), data.size
    try:
        view = memoryview(value)
    except TypeError:
        view = None
    if view is not None and view.format in ("f", "<f", "=f") and view.c_contiguous:
        n = view.nbytes // 4
        flat = view.cast("B")
        if not view.readonly:
            return (ctypes.c_float * n).from_buffer(flat), n
        return (ctypes.c_float * n).from_buffer_copy(flat), n
    if view is not None:
        value = view.tolist() if view.ndim <= 1 else _flatten(view.tolist(), view.ndim)
    try:
        data = [float(x) for x in value]
    except TypeError:
        raise TypeError("%s must be a sequence of numbers" % name) from None
    return (ctypes.c_float * len(data))(*data), len(data)


def _flatten(nested, depth):
    for _ in range(depth - 1):
        nested = [x for row in nested for x in row]
    return nested


def _array(value, name, kind="double"):
    if kind == "float":
        return _float_array(value, name)
    if value is None:
        return None, 0
    try:
        data = [float(x) for x in value]
    except TypeError:
        raise TypeError("%s must be a sequence of numbers" % name) from None
    return (ctypes.c_double * len(data))(*data), len(data)


def _convert_out(kind, extra, value):
    if kind == "enum":
        try:
            return _ffi.ENUMS[extra](value)
        except ValueError:
            return value
    return value


# ---- one Python function per C function -----------------------------------------------------

def _field_name(out_name):
    """The Python name of an output: without "_out"; a keyword gets PEP 8's trailing "_"."""
    name = out_name[:-len("_out")]
    return name + "_" if keyword.iskeyword(name) else name


def _make_function(cname):
    ret, robj, params = FUNCTIONS[cname]
    cfunc = getattr(_ffi._lib, cname)
    short = cname[len(_PREFIX):]
    inputs = [p for p in params if p[0] in ("in", "in_array")]
    outputs = [p for p in params if p[0].startswith("out")]
    signature = inspect.Signature([inspect.Parameter(p[1], inspect.Parameter.POSITIONAL_OR_KEYWORD)
                                   for p in inputs])
    tuple_type = None
    if ret == "status" and len(outputs) > 1:
        tuple_type = collections.namedtuple(
            "".join(w.capitalize() for w in short.split("_")),
            [_field_name(p[1]) for p in outputs])

    def call(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        given = bound.arguments
        if ret == "free":  # through the object, so that it forgets its pointer
            obj = given[inputs[0][1]]
            if obj is not None:
                _convert_in("handle", inputs[0][3], obj, inputs[0][1])
                obj.close()
            reached.add(cname)
            return None
        owner = next((given[p[1]] for p in inputs if p[2] == "handle"), None)
        cargs, arrays, lengths, results = {}, {}, {}, {}
        for role, name, kind, extra in params:
            if role == "in":
                cargs[name] = _convert_in(kind, extra, given[name], name)
            elif role == "in_array":
                cargs[name], arrays[name] = _array(given[name], name, kind)
        for role, name, kind, extra in params:
            if role == "len":
                sizes = {arrays[a] for a in extra if cargs[a] is not None}
                if len(sizes) > 1:
                    raise ValueError("%s must have the same length" % ", ".join(extra))
                lengths[name] = cargs[name] = sizes.pop() if sizes else 0
        query = None
        for role, name, kind, extra in params:
            if role == "out":
                cargs[name] = _SCALAR_CTYPES[kind]()
            elif role in ("out_new", "out_borrowed"):
                cargs[name] = ctypes.POINTER(OBJECTS[extra][1])()
            elif role == "out_array":
                cargs[name] = (_SCALAR_CTYPES.get(kind, ctypes.c_float) * cargs[extra])()
            elif role == "out_text":
                cargs[name] = ctypes.create_string_buffer(_ffi.TEXT_BUFFER_SIZE)
                cargs[extra] = _ffi.TEXT_BUFFER_SIZE
            elif role == "out_query":
                query = (name,) + tuple(extra)
                cargs[extra[1]] = ctypes.c_size_t()
        reached.add(cname)

        def invoke():
            return cfunc(*[ctypes.byref(cargs[p[1]]) if p[0] in (
                "out", "out_new", "out_borrowed", "count") else cargs[p[1]] for p in params])

        if query:
            name, cap, count = query
            cargs[name], cargs[cap] = None, 0
            invoke()
            cargs[cap] = cargs[count].value
            cargs[name] = (ctypes.c_double * cargs[cap])()
        value = invoke()
        if ret == "value":
            return value
        if ret == "string":
            return None if value is None else value.decode("utf-8", "replace")
        if ret == "borrowed":
            return _wrap(robj, value, owner) if value else None
        if ret == "buffer":
            return _buffer(cname, value, owner) if value else None
        for role, name, kind, extra in outputs:
            c = cargs[name]
            if role == "out":
                results[name] = _convert_out(kind, extra, c.value)
            elif role == "out_new":
                results[name] = _wrap(extra, c, None)
            elif role == "out_borrowed":
                results[name] = _wrap(extra, c, owner) if c else None
            elif role == "out_array" and kind == "float":
                results[name] = _pyarray.array("f", bytes(c))
            elif role in ("out_array", "out_query"):
                results[name] = list(c)
            elif role == "out_text":
                results[name] = c.value.decode("utf-8", "replace")
        if not outputs:
            return None
        if tuple_type is None:
            return results[outputs[0][1]]
        return tuple_type(*[results[p[1]] for p in outputs])

    call.__name__ = call.__qualname__ = short
    call.__signature__ = signature
    call.__doc__ = "%s(%s) -> %s\n\nThe C function %s; see its manual page." % (
        short, ", ".join(p[1] for p in inputs),
        ", ".join(_field_name(p[1]) for p in outputs) or
        {"status": "None", "value": "int", "string": "str or None", "free": "None",
         "buffer": "memoryview of floats (no copy)"}.get(
            ret, "%s or None" % (robj and OBJECTS[robj][0])), cname)
    return call


def _buffer(cname, pointer, owner):
    """The owner's float voxels as a 1-D memoryview (format 'f') over the C memory: no
    copy. The view keeps the owner alive; the owner refuses close() while a view lives."""
    count_name, writable = BUFFERS[cname]
    count = _FUNCTIONS[count_name](owner)
    block = (ctypes.c_float * count).from_address(ctypes.addressof(pointer.contents))
    block._radioembo_owner = owner  # the memory lives as long as the object
    owner._views.append(weakref.ref(block))
    view = memoryview(block).cast("B").cast("f")
    return view if writable else view.toreadonly()


# ---- objects ----------------------------------------------------------------------------------

class Object:
    """Base of the generated object classes: owns or borrows one C object."""

    _ctype = None   # the C typedef name
    _free = None    # the C destructor (ctypes function)

    def __init__(self, *args, **kwargs):
        new = getattr(type(self), "_new", None)
        if new is None:
            raise TypeError("radioembo.%s has no radioembo_%s_new(); use its other "
                            "constructors" % (type(self).__name__, self._ctype[len(_PREFIX):]))
        made = new(*args, **kwargs)
        self._ptr, self._owner, self._views = made._ptr, None, []
        made._ptr = None

    @classmethod
    def _adopt(cls, ptr, owner):
        self = cls.__new__(cls)
        self._ptr, self._owner, self._views = ptr, owner, []
        return self

    def _handle(self):
        obj = self
        while obj is not None:
            if getattr(obj, "_ptr", None) is None:
                what = "it" if obj is self else "its owner"
                raise ValueError("this radioembo.%s is no longer usable: %s was closed"
                                 % (type(self).__name__, what))
            obj = obj._owner
        return self._ptr

    @property
    def borrowed(self):
        """True if the object belongs to another (which it keeps alive) and is not freed."""
        return self._owner is not None

    @property
    def closed(self):
        return getattr(self, "_ptr", None) is None

    _views = ()  # weak references to the blocks of memory handed out without a copy

    def close(self):
        """Frees an owned object now (borrowed ones are only detached); idempotent.

        BufferError if a view of its voxels (``.array``, ``data()``) is still alive."""
        views = [v for v in getattr(self, "_views", ()) if v() is not None]
        if views and self._owner is None and getattr(self, "_ptr", None) is not None:
            raise BufferError("this radioembo.%s has %d live view(s) of its data (.array, "
                              "data()); delete them before closing it" %
                              (type(self).__name__, len(views)))
        ptr, self._ptr = getattr(self, "_ptr", None), None
        if ptr is not None and self._owner is None:
            reached.add(self._ctype + "_free")
            type(self)._free(ptr)
        self._owner = None

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown: the library may be gone already
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def to_dict(self):
        """Every const query of the object as plain data (None where it is unset)."""
        out = {}
        for key, cname, dims in GETTERS[self._ctype]:
            out[key] = _plain(self._query(_FUNCTIONS[cname], list(dims), []))
        return out

    def _query(self, func, dims, fixed):
        if not dims:
            try:
                return func(self, *fixed)
            except RadioemboError:
                return None
        kind, what = dims[0]
        if kind == "enum":
            found = {}
            for member in _ffi.ENUMS[what]:
                value = self._query(func, dims[1:], fixed + [member])
                if value not in (None, {}) and not (isinstance(value, list) and
                                                     all(v is None for v in value)):
                    found[member.name.lower()] = value
            return found
        count = _FUNCTIONS[what](self)
        return [self._query(func, dims[1:], fixed + [i]) for i in range(count)]

    def __repr__(self):
        state = "closed" if self.closed else ("borrowed" if self.borrowed else "owned")
        label = ""
        for attr in ("label", "name"):
            if not self.closed and isinstance(getattr(type(self), attr, None), property):
                label = " %r" % getattr(self, attr)
                break
        return "<radioembo.%s%s %s>" % (type(self).__name__, label, state)


def _plain(value):
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, Object):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, _ffi.enum.IntEnum):
        return value.name.lower()
    return value


def _wrap(ctype, ptr, owner):
    return _CLASSES[ctype]._adopt(ptr, owner)


def _method(func):
    def method(self, *args, **kwargs):
        return func(self, *args, **kwargs)
    method.__name__ = func.__name__
    method.__doc__ = func.__doc__
    params = list(func.__signature__.parameters.values())
    method.__signature__ = inspect.Signature([params[0].replace(name="self")] + params[1:])
    return method


def _build_classes():
    classes, functions = {}, {}
    for cname in FUNCTIONS:
        functions[cname] = _make_function(cname)
    for ctype, (clsname, _) in OBJECTS.items():
        cls = type(clsname, (Object,), {"_ctype": ctype, "__module__": __name__,
                                        "__doc__": "A %s (the C type %s)." % (
                                            ctype[len(_PREFIX):], ctype)})
        classes[ctype] = cls
    for cname, (ret, robj, params) in FUNCTIONS.items():
        func = functions[cname]
        owner = max((t for t in OBJECTS if cname.startswith(t + "_")), key=len, default=None)
        if owner is None:
            continue
        cls, suffix = classes[owner], cname[len(owner) + 1:]
        first = params[0] if params else None
        if ret == "free":
            cls._free = staticmethod(getattr(_ffi._lib, cname))
        elif suffix.startswith("new") and any(p[0] == "out_new" and p[3] == owner
                                              for p in params):
            setattr(cls, suffix, staticmethod(func))
            if suffix == "new":
                cls._new = staticmethod(func)
        elif first and first[2] == "handle" and first[3] == owner and first[0] == "in":
            others = [p for p in params[1:] if p[0] in ("in", "in_array")]
            outs = [p for p in params if p[0].startswith("out")]
            if ret == "string" and not others:
                setattr(cls, suffix, property(func, doc=func.__doc__))
            else:
                setattr(cls, suffix, _method(func))
            if (suffix.startswith("get_") and not others and len(outs) == 1
                    and not hasattr(cls, suffix[4:])):
                setattr(cls, suffix[4:], property(func, doc=func.__doc__))
            if ret == "borrowed" and not others:
                setattr(cls, suffix, property(func, doc=func.__doc__))
        else:
            setattr(cls, suffix, staticmethod(func))
    # setters make the matching properties writable: set_X(self, value) <-> X
    for ctype, cls in classes.items():
        for cname, (ret, robj, params) in FUNCTIONS.items():
            if not cname.startswith(ctype + "_set_"):
                continue
            attr = cname[len(ctype) + len("_set_"):]
            prop = cls.__dict__.get(attr)
            others = [p for p in params[1:] if p[0] in ("in", "in_array")]
            if isinstance(prop, property) and prop.fset is None and len(others) == 1:
                setattr(cls, attr, prop.setter(_setter(functions[cname])))
    return classes, functions


def _setter(func):
    def fset(self, value):
        func(self, value)
    return fset


_CLASSES, _FUNCTIONS = _build_classes()
for _cname, _func in _FUNCTIONS.items():
    globals()[_cname[len(_PREFIX):]] = _func
    __all__.append(_cname[len(_PREFIX):])
for _ctype, _cls in _CLASSES.items():
    globals()[_cls.__name__] = _cls
    __all__.append(_cls.__name__)
for _enum in ENUMS.values():
    __all__.append(_enum.__name__)
del _cname, _func, _ctype, _cls, _enum


def diagnostics(result):
    """A result's diagnostics as dicts (code, severity, model, message), in the library's order.

    Hand-written convenience over radioembo_result_get_diagnostic() and
    radioembo_result_diagnostic_message(); needs the result module.
    """
    return [dict(_plain(result.get_diagnostic(i)), message=result.diagnostic_message(i))
            for i in range(result.diagnostic_count())]


def _volume_array(volume):
    """The voxels without a copy, shape (nz, ny, nx): a numpy view (writable: writing
    changes the volume) if numpy is installed, else a memoryview of floats."""
    nx, ny, nz = volume.get_dimensions()
    view = volume.data_mutable()
    if _np is not None:
        return _np.frombuffer(view, dtype=_np.float32).reshape(nz, ny, nx)
    return view.cast("B").cast("f", (nz, ny, nx))


def _volume_from_array(cls, values, spacing_mm=1.0):
    """A new volume holding a copy of values: a 3-D numpy array (any real dtype) or
    nested sequences indexed [z][y][x], i.e. shape (nz, ny, nx); spacing_mm is one number
    or (x, y, z) in mm."""
    try:
        sx, sy, sz = spacing_mm
    except TypeError:
        sx = sy = sz = spacing_mm
    if isinstance(values, memoryview):
        values = values.tolist()
    if _np is not None:
        data = _np.asarray(values, dtype=_np.float32)
        if data.ndim != 3:
            raise ValueError("values must be 3-dimensional (nz, ny, nx), got %d dimension(s)"
                             % data.ndim)
        nz, ny, nx = data.shape
    else:
        try:
            nz, ny, nx = len(values), len(values[0]), len(values[0][0])
            if any(len(row) != ny or any(len(line) != nx for line in row) for row in values):
                raise ValueError("values must be a regular (nz, ny, nx) nesting")
            data = [float(v) for row in values for line in row for v in line]
        except TypeError:
            raise ValueError("values must be 3-dimensional (nz, ny, nx) nested sequences") \
                from None
    return cls.new_from_data(data, nx, ny, nz, sx, sy, sz)


if "radioembo_volume" in _CLASSES:
    _CLASSES["radioembo_volume"].array = property(_volume_array, doc=_volume_array.__doc__)
    _CLASSES["radioembo_volume"].from_array = classmethod(_volume_from_array)

if "radioembo_result" in _CLASSES:
    _CLASSES["radioembo_result"].diagnostics = diagnostics
    __all__.append("diagnostics")
