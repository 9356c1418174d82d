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

Failures raise ``RadioemboError`` with ``.status``, the library's ``.message`` and the failing
``.parameter``; EINVAL and ERANGE raise ``InvalidArgumentError`` (also a ``ValueError``),
ENOMEM ``OutOfMemoryError`` (a ``MemoryError``), ENOTFOUND ``NotFoundError`` (a
``LookupError``). Strings with an embedded NUL are refused. ``help()`` of a function shows
its man page: parameters with units, results, errors.

Functions whose results are numbers broadcast their number arguments (numpy arrays and
sequences) like ufuncs, objects and strings held fixed (one C loop in ``_vector.so``; a
Python loop without it), and return arrays; a failure names the element.
Instants (``*_s`` parameters) accept timezone-aware datetimes or integer seconds since the
epoch; arrays accept sequences, ``array('d')`` or numpy arrays.  Indices count from 0 as in C.

Volumes (3D float images, x fastest) expose their voxels without a copy: ``volume.array``
is a numpy view of shape (nz, ny, nx) when numpy is installed, else a memoryview of
floats of that shape; either keeps the volume alive. Closing a volume (or leaving its
``with`` block) makes it unusable, but live views stay valid: its memory is freed after the
last of them.  ``Volume.from_array(values, spacing_mm)`` builds one from a numpy array or
nested sequences indexed [z][y][x] (spacing given as (x, y, z) mm); float64 arrays whose
values change in float32 warn (``PrecisionWarning``).  ``from_array(values, affine=A)``
places it instead by the 4 x 4 matrix taking voxel indices (x, y, z, 1) to patient mm in
the library's convention, LPS (as DICOM); ``volume.affine`` reads and sets it.
``Volume.from_nibabel(img)`` and ``volume.to_nibabel()`` (nibabel, imported only then)
copy to and from nibabel, whose affines are RAS (LPS = diag(-1, -1, 1, 1) @ RAS) and whose
data is indexed [x, y, z]: the transpose of ``volume.array``, the same order in memory.
Functions that take volumes also take such arrays with ``spacing_mm=``, and then return
their new volumes as arrays.
Array outputs come back as numpy arrays (no copy) when an array argument was one, else as
lists (``array('f')`` for floats).

``plan_case(path, JSON text, dict or Case)`` plans a case file and returns the report of
``radioembo plan --format json`` as a dict; ``Case(...)`` reads one for changing how it is
computed first.

This layer is generic: it reads the tables of the generated ``_ffi`` module, so that a new
C function appears here after ``make bindings`` without an edit.
"""
import array as _pyarray
import collections
import ctypes
import datetime
import inspect
import json
import keyword
import operator
import os
import warnings
import weakref

try:  # accepted, never required (README, Python)
    import numpy as _np
except ImportError:  # pragma: no cover - depends on the installation
    _np = None

from . import _docs, _ffi
from ._ffi import RadioemboError, BUFFERS, ENUMS, FUNCTIONS, GETTERS, OBJECTS  # noqa: F401
from ._ffi import InvalidArgumentError, NotFoundError, OutOfMemoryError  # noqa: F401
from ._ffi import *  # noqa: F401,F403  (the IntEnum classes)

__version__ = _ffi.VERSION_STRING
__all__ = ["RadioemboError", "InvalidArgumentError", "OutOfMemoryError", "NotFoundError",
           "PrecisionWarning", "plan_case", "reached"]


class PrecisionWarning(UserWarning):
    """Voxel data given in double precision lost digits when copied to C floats."""


def _load_vector():
    """The element-wise loops (_vector.so, built from the generated _vector.c), or None: then
    arrays are broadcast by a loop in Python, with the same results, more slowly."""
    try:
        return ctypes.CDLL(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                        "_vector.so"))
    except OSError:
        return None


_vector = _load_vector()

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
        if value is None:
            return None
        data = value if isinstance(value, bytes) else str(value).encode("utf-8")
        if b"\0" in data:  # C would see only the text before it
            raise InvalidArgumentError(Status.EINVAL, "%s must not contain a NUL character, got "
                                       "%r" % (name, value), name)
        return data
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
        data = _float32(value, name, 5).reshape(-1)
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


def _float32(value, name, stacklevel):
    """A C-contiguous float32 copy of a numpy array (or the array itself if it is one);
    PrecisionWarning when values of another type do not survive the rounding."""
    data = _np.ascontiguousarray(value, dtype=_np.float32)
    if value.dtype != _np.float32 and not _np.array_equal(
            data, value, equal_nan=value.dtype.kind in "fc"):
        warnings.warn("%s: %s values rounded to float32 (the library's voxel type); give "
                      "float32 to silence this" % (name, value.dtype), PrecisionWarning,
                      stacklevel=stacklevel)
    return data


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
    if extra == "flag":  # a yes/no answer (the generator's is_flag)
        return bool(value)
    if kind == "enum":
        try:
            return _ffi.ENUMS[extra](value)
        except ValueError:
            return value
    return value


# ---- broadcasting: number-only functions over arrays ----------------------------------------

_NUMBER_KINDS = ("double", "int", "enum", "size_t", "uint64", "int64", "instant")
_DTYPES = {"double": "float64", "int": "intc", "enum": "intc", "size_t": "uintp",
           "uint64": "uint64", "int64": "int64", "instant": "int64"}


def _vectorised(ret, params):
    """As the generator's vectorised(): numbers out, from numbers (broadcast) and perhaps
    objects and strings (held fixed), a status."""
    return (ret == "status" and params
            and all(p[0] == "in" and p[2] in ("handle", "string") or
                    p[0] in ("in", "out") and p[2] in _NUMBER_KINDS for p in params)
            and any(p[0] == "in" and p[2] in _NUMBER_KINDS for p in params)
            and any(p[0] == "out" for p in params))


def _is_array(value):
    return (isinstance(value, (list, tuple, range, _pyarray.array))
            or (_np is not None and isinstance(value, _np.ndarray)))


def _element_error(error, index):
    """The error of one element, naming it: "element 3: ..." (a tuple for N-D arrays)."""
    where = index[0] if len(index) == 1 else tuple(index)
    failure = _ffi.error(error.status, "element %s: %s" % (where, error.message),
                         error.parameter)
    failure.index = where
    return failure


def _number_array(kind, value, name):
    """value (array or scalar) as a numpy array of the C type of kind, range-checked."""
    if kind == "double":
        return _np.asarray(value, dtype=_np.float64)
    data = _np.asarray(value)
    if kind == "instant" and data.dtype.kind == "M":
        return data.astype("datetime64[s]").astype(_np.int64)
    if kind == "instant" and data.dtype.kind == "O":
        data = _np.vectorize(lambda v: _instant(v, name), otypes=[_np.int64])(data)
    if data.dtype.kind == "b" or data.dtype.kind not in "iu":
        if data.size and data.dtype.kind != "O":
            raise TypeError("%s must hold integers, got %s" % (name, data.dtype))
        data = data.astype(_np.int64)
    info = _np.iinfo(_np.dtype(_DTYPES[kind]))
    if data.size and (data.min() < info.min or data.max() > info.max):
        raise ValueError("%s must be within [%d, %d]" % (name, info.min, info.max))
    return data.astype(_DTYPES[kind])


def _broadcast_numpy(cname, params, given, outputs):
    """numpy broadcasting of the numbers, one C loop (revec_NAME of _vector.so) over them;
    objects and strings are the same for every element."""
    ins = [p for p in params if p[0] == "in"]
    strings = []  # the C copies of string arguments, alive until the loop returns
    arrays = [_number_array(p[2], given[p[1]], p[1]) if p[2] in _NUMBER_KINDS else
              _fixed_pointer(p, given[p[1]], strings) for p in ins]
    numbers = [a for p, a in zip(ins, arrays) if p[2] in _NUMBER_KINDS]
    shape = _np.broadcast(*numbers).shape if len(numbers) > 1 else numbers[0].shape
    n = int(_np.prod(shape, dtype=_np.int64))
    results = [_np.empty(shape, dtype=_DTYPES[p[2]]) for p in outputs]
    flags = [p[3] == "flag" for p in outputs]
    if _vector is not None and n:
        keep, steps = [], []
        for a in arrays:
            if a.size == 1:
                a, step = _np.ascontiguousarray(a.reshape(1)), 0
            elif a.shape == shape and a.flags.c_contiguous:
                step = a.itemsize
            else:
                a = _np.ascontiguousarray(_np.broadcast_to(a, shape))
                step = a.itemsize
            keep.append(a)
            steps.append(step)
        at = ctypes.c_size_t()
        rc = getattr(_vector, "revec_" + cname[len(_PREFIX):])(
            ctypes.c_size_t(n), (ctypes.c_void_p * len(keep))(*[a.ctypes.data for a in keep]),
            (ctypes.c_ssize_t * len(steps))(*steps),
            (ctypes.c_void_p * len(results))(*[r.ctypes.data for r in results]),
            ctypes.byref(at))
        if rc < 0:
            error = _ffi.error(rc, _ffi._text(_ffi._lib.radioembo_last_error_message()),
                               _ffi._text(_ffi._lib.radioembo_last_error_parameter()))
            raise _element_error(error, _np.unravel_index(at.value, shape))
    elif n:  # no _vector.so: the same, one call at a time
        scalar = _FUNCTIONS[cname]
        flat = [_np.broadcast_to(a, shape).reshape(-1) if p[2] in _NUMBER_KINDS else None
                for p, a in zip(ins, arrays)]
        for i in range(n):
            try:
                got = scalar(*[given[p[1]] if f is None else f[i].item()
                               for p, f in zip(ins, flat)])
            except RadioemboError as error:
                raise _element_error(error, _np.unravel_index(i, shape)) from None
            got = got if len(results) > 1 else (got,)
            for r, g in zip(results, got):
                r.reshape(-1)[i] = g
    return [r.astype(bool) if flag else r for r, flag in zip(results, flags)]


def _fixed_pointer(param, value, keep):
    """An object or string argument of a broadcast call: its C pointer, in a one-element
    array (the same pointer for every element: step 0); keep holds what it points to."""
    converted = _convert_in(param[2], param[3], value, param[1])
    if converted is None:
        address = 0
    elif param[2] == "string":
        buffer = ctypes.create_string_buffer(converted)
        keep.append(buffer)
        address = ctypes.addressof(buffer)
    else:
        address = ctypes.cast(converted, ctypes.c_void_p).value or 0
    return _np.array([address], dtype=_np.uintp)


def _broadcast_lists(cname, params, given, outputs):
    """Without numpy: sequences of one length (or scalars), a list per output."""
    ins = [p for p in params if p[0] == "in"]
    values = [given[p[1]] for p in ins]
    lengths = {len(v) for v in values if _is_array(v)}
    if len(lengths - {1}) > 1:
        raise ValueError("%s: sequences of lengths %s cannot be broadcast together" % (
            cname[len(_PREFIX):], sorted(lengths)))
    n = max(lengths)
    scalar = _FUNCTIONS[cname]
    results = [[] for _ in outputs]
    for i in range(n):
        args = [(v[i] if len(v) > 1 else v[0]) if _is_array(v) else v for v in values]
        try:
            got = scalar(*args)
        except RadioemboError as error:
            raise _element_error(error, (i,)) from None
        for r, g in zip(results, got if len(outputs) > 1 else (got,)):
            r.append(g)
    return results


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
    vectorised = _vectorised(ret, params)
    volumes = [p[1] for p in inputs if p[2] == "handle" and p[3] == "radioembo_volume"
               and not (p is params[0] and cname.startswith("radioembo_volume_"))]
    if volumes:  # ndarrays accepted for volumes: their spacing, keyword only
        signature = signature.replace(parameters=list(signature.parameters.values()) + [
            inspect.Parameter("spacing_mm", inspect.Parameter.KEYWORD_ONLY, default=None)])
    tuple_type = None
    if ret == "status" and len(outputs) > 1:
        tuple_type = collections.namedtuple(
            "".join(w.capitalize() for w in short.split("_")),
            [_field_name(p[1]) for p in outputs])

    def call(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        given = bound.arguments
        if vectorised and any(_is_array(given[p[1]]) for p in inputs
                              if p[2] in _NUMBER_KINDS):
            reached.add(cname)
            got = (_broadcast_numpy if _np is not None else _broadcast_lists)(
                cname, params, given, outputs)
            return tuple_type(*got) if tuple_type else got[0]
        # ndarrays in, ndarrays out: array outputs when an array came in as one, new volumes
        # when a volume did
        arrays_in = _np is not None and any(isinstance(given[p[1]], _np.ndarray)
                                            for p in inputs if p[0] == "in_array")
        volumes_in = False
        if volumes:
            spacing = given.pop("spacing_mm", None)
            for name in volumes:
                if _np is not None and isinstance(given.get(name), _np.ndarray):
                    if spacing is None:
                        raise TypeError("%s: an ndarray needs spacing_mm (one number or "
                                        "(x, y, z) in mm)" % name)
                    given[name] = _volume_from_array(_CLASSES["radioembo_volume"],
                                                     given[name], spacing)
                    volumes_in = True
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
                if volumes_in and extra == "radioembo_volume":
                    results[name] = results[name].array
            elif role == "out_borrowed":
                results[name] = _wrap(extra, c, owner) if c else None
            elif role in ("out_array", "out_query") and arrays_in:  # the buffer, no copy
                results[name] = _np.ctypeslib.as_array(c) if len(c) else _np.empty(
                    0, _np.float32 if kind == "float" else _np.float64)
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
    call.__doc__ = "%s(%s) -> %s\n\n%s" % (
        short, ", ".join(p[1] for p in inputs) + (", *, spacing_mm=None" if volumes else ""),
        ", ".join(_field_name(p[1]) for p in outputs) or
        {"status": "None", "value": "int", "string": "str or None", "free": "None",
         "buffer": "memoryview of floats (no copy)"}.get(
            ret, "%s or None" % (robj and OBJECTS[robj][0])),
        _docs.DOCS.get(cname, "The C function %s." % cname) + (
            "\nVolumes may be given as numpy arrays (nz, ny, nx) with spacing_mm; new volumes "
            "then come\nback as ndarrays sharing the C memory.\n" if volumes else ""))
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
        """Ends the object's use now (borrowed ones are only detached); idempotent.

        An owned object is freed at once, unless views of its voxels (``.array``,
        ``data()``) are alive: they stay valid, and the memory is freed when the last of
        them goes. Either way the object itself is unusable after close()."""
        views = [v for v in getattr(self, "_views", ()) if v() is not None]
        ptr, self._ptr = getattr(self, "_ptr", None), None
        if ptr is not None and self._owner is None:
            if views:  # the views hold this object: __del__ runs after the last of them
                self._deferred = ptr
            else:
                reached.add(self._ctype + "_free")
                type(self)._free(ptr)
        self._owner = None

    _deferred = None  # closed while views existed: freed by __del__

    def __del__(self):
        try:
            self.close()
            ptr, self._deferred = self._deferred, None
            if ptr is not None:
                reached.add(self._ctype + "_free")
                type(self)._free(ptr)
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


def _volume_from_array(cls, values, spacing_mm=None, affine=None):
    """A new volume holding a copy of values: a 3-D numpy array (any real dtype) or
    nested sequences indexed [z][y][x], i.e. shape (nz, ny, nx); spacing_mm is one number
    or (x, y, z) in mm (1 mm when omitted).  affine, instead of spacing_mm, places it in the
    patient: the library's 4 x 4 matrix taking (x, y, z, 1) voxel indices to LPS mm (nested
    rows or 16 numbers row by row; see the affine property); a sheared or non-orthogonal
    one raises InvalidArgumentError (a ValueError) naming affine."""
    if affine is not None and spacing_mm is not None:
        raise ValueError("affine: give either spacing_mm or affine (which holds the spacing)")
    if spacing_mm is None:
        spacing_mm = 1.0
    if affine is not None:
        affine = _affine_values(affine)
    try:
        sx, sy, sz = spacing_mm
    except TypeError:
        sx = sy = sz = spacing_mm
    if isinstance(values, memoryview):
        values = values.tolist()
    if _np is not None:
        data = _float32(values, "values", 3) if isinstance(values, _np.ndarray) else \
            _np.asarray(values, dtype=_np.float32)
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
    volume = cls.new_from_data(data, nx, ny, nz, sx, sy, sz)
    if affine is not None:
        try:
            volume.set_affine_mm(affine)
        except BaseException:
            volume.close()
            raise
    return volume


def _affine_values(affine):
    """The 16 numbers, row by row, of a 4 x 4 matrix given as nested rows or flat."""
    try:
        flat = [float(v) for row in affine for v in row] if len(affine) == 4 else \
            [float(v) for v in affine]
    except TypeError:
        flat = []
    if len(flat) != 16:
        raise ValueError("affine must be a 4 x 4 matrix (or 16 numbers row by row)")
    return flat


def _volume_affine(volume):
    """The 4 x 4 matrix taking voxel indices (x, y, z, 1) to the patient's LPS mm (the
    library's convention, as DICOM; nibabel's RAS negates the first two rows): columns 0-2
    are the spacing times each axis's direction, column 3 the origin (the centre of voxel
    (0, 0, 0)).  A float64 numpy array when numpy is installed, else a list of 4 rows.
    Setting it sets spacing, direction and origin at once (radioembo_volume_set_affine_mm)."""
    flat = volume.get_affine_mm(16)
    if _np is not None:
        return _np.array(flat, dtype=_np.float64).reshape(4, 4)
    return [list(flat[4 * r:4 * r + 4]) for r in range(4)]


def _volume_set_affine(volume, affine):
    volume.set_affine_mm(_affine_values(affine))


def _nibabel():
    try:
        import nibabel
    except ImportError as e:
        raise ImportError("Volume.from_nibabel() and Volume.to_nibabel() need nibabel "
                          "(Debian: apt-get install python3-nibabel; else pip install "
                          "nibabel)") from e
    return nibabel


def _flip_xy(affine):
    """diag(-1, -1, 1, 1) @ affine: RAS to LPS and back (the matrix is its own inverse)."""
    return _np.asarray(affine, dtype=_np.float64) * _np.array([[-1.0], [-1.0], [1.0], [1.0]])


def _volume_from_nibabel(cls, image):
    """A new volume holding a copy of a 3-D nibabel image (its scaled data, rounded to
    float32) placed where it lies: nibabel's RAS affine becomes the library's LPS one,
    diag(-1, -1, 1, 1) @ image.affine.  nibabel indexes data [x, y, z], volumes [z][y][x]:
    the voxel order in memory (x fastest) is the same, the array is the transpose."""
    _nibabel()
    data = _np.asarray(image.get_fdata())
    if data.ndim != 3:
        raise ValueError("image must be 3-dimensional, got shape %s" % (data.shape,))
    return _volume_from_array(cls, data.T, affine=_flip_xy(image.affine))


def _volume_to_nibabel(volume):
    """A nibabel Nifti1Image holding a copy of the voxels, indexed [x, y, z] (the
    transpose of volume.array), with the RAS affine diag(-1, -1, 1, 1) @ volume.affine
    and mm units."""
    nibabel = _nibabel()
    image = nibabel.Nifti1Image(_np.array(_volume_array(volume).T),
                                _flip_xy(_volume_affine(volume)))
    image.header.set_xyzt_units("mm")
    return image


if "radioembo_volume" in _CLASSES:
    _CLASSES["radioembo_volume"].array = property(_volume_array, doc=_volume_array.__doc__)
    _CLASSES["radioembo_volume"].from_array = classmethod(_volume_from_array)
    _CLASSES["radioembo_volume"].affine = property(_volume_affine, _volume_set_affine,
                                                   doc=_volume_affine.__doc__)
    _CLASSES["radioembo_volume"].from_nibabel = classmethod(_volume_from_nibabel)
    _CLASSES["radioembo_volume"].to_nibabel = _volume_to_nibabel

if "radioembo_result" in _CLASSES:
    _CLASSES["radioembo_result"].diagnostics = diagnostics
    __all__.append("diagnostics")


# ---- a case in one call -------------------------------------------------------------------

def _case_from(source):
    """A new Case from a path (str or os.PathLike), JSON text (str or bytes beginning with
    "{") or a dict in the case-file schema (radioembo-case(5))."""
    if isinstance(source, dict):
        source = json.dumps(source)
    if isinstance(source, str) and source.lstrip().startswith("{"):
        source = source.encode("utf-8")
    if isinstance(source, (bytes, bytearray)):
        return _CLASSES["radioembo_case"].new_from_json(bytes(source), len(source))
    return _CLASSES["radioembo_case"].new_from_file(os.fspath(source))


def _case_report(case):
    """The case's planning report as a dict: the document of `radioembo plan --format json`."""
    with case.compute() as report:
        return json.loads(report.json)


def _processors_online():
    """The processors online, as `radioembo --threads` counts by default (sysconf's
    _SC_NPROCESSORS_ONLN, which os.cpu_count() reads), 1 to 1024."""
    return max(1, min(os.cpu_count() or 1, 1024))


def plan_case(source, threads=None):
    """Plans a case and returns its report as a dict, the same document as
    `radioembo plan CASE.json --format json` (radioembo-case(5), radioembo(1)).

    source: a path, JSON text, a dict in the case-file schema, or a radioembo.Case (to
    change its samples, seed, method or generator first). A case the library refuses raises
    RadioemboError (a ValueError for invalid content); case_error_key() then names the key
    ("lesions[0].volume_ml").

    threads: the threads of a Monte Carlo propagation, 1 to 1024 (radioembo_case_set_threads);
    the report is the same, bit for bit, on any count. None: a Case keeps its own setting,
    any other source uses the processors online, as the command line does. Given with a
    Case, the count is set on that Case and stays."""
    if isinstance(source, _CLASSES["radioembo_case"]):
        if threads is not None:
            source.set_threads(threads)
        return _case_report(source)
    with _case_from(source) as case:
        case.set_threads(_processors_online() if threads is None else threads)
        return _case_report(case)


if "radioembo_case" in _CLASSES:
    _Case = _CLASSES["radioembo_case"]
    _Case._new = staticmethod(_case_from)
    _Case.__doc__ = ("A case file read by the library: Case(path, JSON text or dict).\n\n"
                     "Change how it is computed (set_samples, set_seed, set_propagation_method,"
                     " set_generator)\nthen report() gives the dict of plan_case(); to change "
                     "its content, edit the dict\nand give it to Case() or plan_case().")
    _Case.report = _case_report
