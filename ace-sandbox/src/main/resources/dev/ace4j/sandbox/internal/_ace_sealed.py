# ace4j's sealed test execution for Python: the tests and the code under test run in two sandboxes, joined by two
# pipes (descriptor 3 reads, 4 writes). The test side (pytest, the tests, this file as the module `solution`) calls
# the code side (this file's serve(), which imports the real solution.py) through a proxy. Only plain values cross
# the pipes, as JSON: None, bool, int, float, str, bytes, lists, tuples, dicts, sets and a few standard value types.
# Any other object stays where it was made and crosses as a numbered reference that forwards attribute access,
# calls and operators. The test side decodes strictly and never runs anything the code side names, so the code
# under test can only make a test pass by returning the values its assertions expect: it cannot reach pytest, the
# report, the tests' source, their process or their builtins. See docs/SECURITY.md, "Sealed test execution".
import ast
import base64
import builtins
import collections
import datetime
import decimal
import fractions
import importlib
import io
import json
import math
import os
import sys
import traceback
import types

IN_FD, OUT_FD = 3, 4
MAX_FRAME = 32 * 1024 * 1024
MAX_DEPTH = 100
MAX_PRINTED = 1024 * 1024
MODULE_ID = 0
REPLICA_MIN = 1000  # a container this long, passed again unchanged, is not sent again
REPLICAS = 8
_MUTABLE = (list, dict, set, bytearray)

_UNARY = {
    "len": len, "iter": iter, "next": next, "repr": repr, "str": str, "bool": bool, "hash": hash,
    "neg": lambda a: -a, "pos": lambda a: +a, "abs": abs, "invert": lambda a: ~a, "int": int, "float": float,
    "index": lambda a: a.__index__(), "reversed": reversed, "enter": lambda a: a.__enter__(),
}
_BINARY = {
    "getitem": lambda a, b: a[b], "delitem": lambda a, b: a.__delitem__(b), "contains": lambda a, b: b in a,
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b, "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b, "truediv": lambda a, b: a / b,
    "floordiv": lambda a, b: a // b, "mod": lambda a, b: a % b, "pow": lambda a, b: a ** b,
    "matmul": lambda a, b: a @ b, "and": lambda a, b: a & b, "or": lambda a, b: a | b, "xor": lambda a, b: a ^ b,
    "lshift": lambda a, b: a << b, "rshift": lambda a, b: a >> b,
    "radd": lambda a, b: b + a, "rsub": lambda a, b: b - a, "rmul": lambda a, b: b * a,
    "rtruediv": lambda a, b: b / a, "rfloordiv": lambda a, b: b // a, "rmod": lambda a, b: b % a,
    "rpow": lambda a, b: b ** a, "format": format, "isinstance": lambda a, b: isinstance(b, a),
    "issubclass": lambda a, b: issubclass(b, a),
}
_TERNARY = {"setitem": lambda a, b, c: a.__setitem__(b, c), "exit": lambda a, b, c: a.__exit__(b, c, None)}


class CodeUnderTestExited(BaseException):
    """The code under test exited, died or raised something that would stop the test runner; the test fails.

    A BaseException so that ``pytest.raises(Exception)`` cannot take it for an expected error."""


class ProtocolError(CodeUnderTestExited):
    """The other side sent something that is not a well-formed message."""


class RemoteTraceback(Exception):
    """Where the code under test raised, as its own traceback text."""

    def __str__(self):
        return self.args[0] if self.args else ""


class Channel:
    """Length-prefixed JSON frames over two descriptors."""

    def __init__(self, read_fd, write_fd):
        self.rfile = os.fdopen(read_fd, "rb", buffering=65536)
        self.wfile = os.fdopen(write_fd, "wb", buffering=0)
        self.broken = None

    def send(self, message):
        if self.broken:
            raise self.broken
        data = json.dumps(message, separators=(",", ":")).encode("utf-8")
        try:
            self.wfile.write(len(data).to_bytes(4, "big") + data)
        except OSError:
            raise self.fail(CodeUnderTestExited("the other side exited while the tests were running")) from None

    def receive(self):
        if self.broken:
            raise self.broken
        try:
            header = self.rfile.read(4)
            size = int.from_bytes(header, "big")
            if size > MAX_FRAME:
                raise self.fail(ProtocolError("the other side sent " + str(size) + " bytes at once"))
            data = self.rfile.read(size) if len(header) == 4 else b""
        except OSError:
            data, header = b"", b""
        if len(header) < 4 or len(data) < size:
            raise self.fail(CodeUnderTestExited("the other side exited while the tests were running"))
        try:
            message = json.loads(data.decode("utf-8"))
        except Exception:  # not UTF-8, not JSON, a number too long, nested too deep
            raise self.fail(ProtocolError("the other side sent a frame that is not JSON")) from None
        if type(message) is not dict:
            raise self.fail(ProtocolError("the other side sent a frame that is not an object"))
        return message

    def fail(self, error):
        """Once broken, a channel stays broken: after a lost frame no answer could be matched to its request."""
        self.broken = error
        return error


class Peer:
    """One side's end: the table of its objects the other side holds by number, the request/answer loop, and the
    encoding of values. A request waits for its answer while serving the other side's requests, so callbacks (a
    test's lambda passed to the code) nest to any depth."""

    def __init__(self, channel):
        self.channel = channel
        self.objects = {}
        self.numbers = {}
        self.remotes = {}
        self.methods = {}
        self.mirrors = {}
        self.namedtuples = {}
        self.sent = {}  # slot -> (a container of ours the other side keeps a copy of, a copy of ours as it was sent)
        self.replicas = {}  # slot -> (our copy of the other side's container, a second copy, when they last agreed)
        self.served = 0
        self.next_slot = 0
        self.referenced = False
        self.restore = None
        self.passed = {}  # id -> index of the containers the call being answered was given, while its result is sent
        self.arguments = None  # the containers a request of ours gave, while its answer is read

    def export(self, obj):
        number = self.numbers.get(id(obj))
        if number is None:
            number = len(self.objects)
            self.objects[number] = obj
            self.numbers[id(obj)] = number
        return number

    def request(self, message, arguments=()):
        self.channel.send(message)
        while True:
            answer = self.channel.receive()
            if "op" not in answer:
                return self.answer(answer, arguments)
            self.channel.send(self.serve_one(answer))

    def answer(self, message, arguments):
        try:
            if "restore" in message:
                self.restore_arguments(_list(message["restore"]), arguments)
            self.arguments = arguments
            if "ok" in message:
                return self.decode(message["ok"], 0)
            if "raise" in message:
                error = self.rebuild(message["raise"])
            else:
                raise ProtocolError("malformed answer")
        except ProtocolError as error:
            raise self.channel.fail(error) from None
        except Exception as error:  # a value the decoder refused deeper down (bad base64, a bad date)
            raise self.channel.fail(ProtocolError("malformed value: " + type(error).__name__)) from None
        finally:
            self.arguments = None
        raise error

    def serve_one(self, message):
        self.served += 1
        self.restore = None
        try:
            result = self.perform(message)
            answer = {"ok": self.encode(result, 0)}
        except BaseException as error:  # noqa: B036 - every failure, SystemExit included, is the caller's answer
            answer = {"raise": self.describe_error(error)}
        finally:
            self.passed = {}
        if self.restore:
            answer["restore"] = self.restore
        return answer

    # Calls. Arguments travel as copies; a list, dict, set or bytearray argument the callee changed is changed in
    # place on the caller's side after the call (copy-restore), so `items.sort()` in the code is seen by the tests
    # and a test that the code leaves its input alone means something. A long container passed again unchanged is
    # not sent again: the callee kept a copy, and both sides keep a second copy to tell whether it changed since.

    def invoke(self, message, args, kwargs):
        arguments = list(args) + list(kwargs.values())
        encoded = [self.argument(value) for value in arguments]
        message["args"] = encoded[:len(args)]
        message["kwargs"] = [[name, value] for name, value in zip(kwargs, encoded[len(args):])]
        return self.request(message, arguments)

    def argument(self, value):
        if type(value) not in _MUTABLE or len(value) < REPLICA_MIN:
            return self.encode(value, 0)
        for slot, (original, copy) in list(self.sent.items()):
            if original is value:
                if type(copy) is type(value) and copy == value:
                    return {"$": "replica", "slot": slot}
                del self.sent[slot]
        self.referenced = False
        encoded = self.encode(value, 0)
        if self.referenced:  # it holds objects of ours: decoding it here would not make a copy
            return encoded
        slot = self.next_slot % REPLICAS
        self.next_slot += 1
        self.sent[slot] = (value, self.decode(encoded, 0))
        return {"$": "keep", "slot": slot, "v": encoded}

    def argument_value(self, encoded):
        tag = encoded.get("$") if type(encoded) is dict else None
        if tag not in ("keep", "replica"):
            return self.decode(encoded, 0)
        slot = _int(encoded.get("slot"))
        if tag == "keep":
            value = self.decode(encoded.get("v"), 0)
            if type(value) not in _MUTABLE or not 0 <= slot < REPLICAS:
                raise ProtocolError("malformed kept argument")
            self.replicas[slot] = (value, self.decode(encoded.get("v"), 0), self.served)
            return value
        if slot not in self.replicas:
            raise ProtocolError("unknown replica")
        value, copy, agreed = self.replicas[slot]
        # Unless the last request was the call that left them equal, whoever kept hold of it may have changed it.
        if agreed != self.served - 1 and not (type(value) is type(copy) and value == copy):
            value = self.decode(self.encode(copy, 0), 0)
        self.replicas[slot] = (value, copy, self.served)
        return value

    def call(self, function, message):
        positional = _list(message.get("args"))
        named = [_pair(p) for p in _list(message.get("kwargs"))]
        encoded = positional + [value for _, value in named]
        values = [self.argument_value(e) for e in encoded]
        kwargs = {_str(name): value for (name, _), value in zip(named, values[len(positional):])}
        try:
            return function(*values[:len(positional)], **kwargs)
        finally:
            self.restore = self.changed_arguments(encoded, values)
            self.passed = {id(value): index for index, value in enumerate(values) if type(value) in _MUTABLE}

    def changed_arguments(self, encoded, values):
        changed = []
        for index, (sent, value) in enumerate(zip(encoded, values)):
            if type(value) not in _MUTABLE:
                continue
            slot = sent.get("slot") if type(sent) is dict and sent.get("$") in ("keep", "replica") else None
            if slot is not None:
                copy = self.replicas[slot][1]
                if type(value) is type(copy) and value == copy:
                    self.replicas[slot] = (value, copy, self.served)
                    continue
                now = self.encode(value, 0)
                self.replicas[slot] = (value, self.decode(now, 0), self.served)
            else:
                now = self.encode(value, 0)
                if now == sent:
                    continue
            changed.append([index, now])
        return changed

    def restore_arguments(self, changed, arguments):
        for entry in changed:
            index, encoded = _int(_pair(entry)[0]), _pair(entry)[1]
            if not 0 <= index < len(arguments) or type(arguments[index]) not in _MUTABLE:
                raise ProtocolError("a change to an argument that cannot change")
            target, value = arguments[index], self.decode(encoded, 0)
            if type(value) is not type(target):
                raise ProtocolError("an argument changed its type")
            if isinstance(target, (list, bytearray)):
                target[:] = value
            else:
                target.clear()
                target.update(value)
            for slot, (original, _) in self.sent.items():
                if original is target:
                    self.sent[slot] = (target, self.decode(encoded, 0))

    def perform(self, message):
        op = message.get("op")
        number = _int(message.get("id"))
        if number not in self.objects:
            raise ProtocolError("unknown reference")
        target = self.objects[number]
        if op == "getattr":
            name = self.attribute(message)
            value = getattr(target, name)
            if isinstance(value, types.MethodType) and value.__self__ is target and not message.get("bound"):
                return _Method(number, name)
            return value
        if op == "callattr":
            method = getattr(target, self.attribute(message))
            return self.call(method, message)
        if op == "setattr":
            return setattr(target, self.attribute(message), self.decode(message.get("value"), 0))
        if op == "delattr":
            return delattr(target, self.attribute(message))
        if op == "call":
            return self.call(target, message)
        if op == "dir":
            return [name for name in dir(target) if isinstance(name, str)]
        if op == "op":
            name = _str(message.get("name"))
            args = [self.decode(a, 0) for a in _list(message.get("args"))]
            table = (_UNARY, _BINARY, _TERNARY)[len(args)] if len(args) < 3 else {}
            if name not in table:
                raise TypeError("operation " + name + " is not supported across the sealed boundary")
            return table[name](target, *args)
        raise ProtocolError("unknown operation " + repr(op))

    def attribute(self, message):
        return _str(message.get("name"))

    def describe_error(self, error):
        chain = [self.encode_class(c) for c in type(error).__mro__ if issubclass(c, BaseException)]
        chain = [c for c in chain if c is not None]
        try:
            args = self.encode(tuple(error.args), 0)
        except BaseException:  # noqa: B036 - arguments that cannot travel become the message alone
            args = self.encode((str(error),), 0)
        return {"chain": chain, "args": args, "traceback": self.traceback_of(error)}

    def traceback_of(self, error):
        return ""

    def encode_class(self, cls):
        if cls.__module__ == "builtins":
            return {"builtin": cls.__name__}
        return None

    # Values. A subclass of a plain type could carry its own __eq__, so it travels as its base, read with the
    # base's own methods; a namedtuple is rebuilt on arrival as a namedtuple of the receiver's making.

    def encode(self, value, depth):
        if depth > MAX_DEPTH:
            raise ValueError("a value nested more than " + str(MAX_DEPTH) + " levels deep cannot be sent")
        kind = type(value)
        if kind in _MUTABLE and id(value) in self.passed:  # the caller's own container, given back
            return {"$": "arg", "i": self.passed[id(value)]}
        if value is None or kind in (bool, str):
            return value
        if kind is int:
            return _wire_int(value)
        if kind is float:
            return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
        if isinstance(value, tuple):
            items = [self.encode(v, depth + 1) for v in tuple.__iter__(value)]
            fields = getattr(kind, "_fields", None)
            if kind is not tuple and type(fields) is tuple and all(type(f) is str for f in fields):
                return {"$": "namedtuple", "name": kind.__name__, "fields": list(fields), "v": items}
            return {"$": "tuple", "v": items}
        if isinstance(value, list):
            return {"$": "list", "v": [self.encode(v, depth + 1) for v in list.__iter__(value)]}
        if isinstance(value, dict):
            return {"$": "dict", "v": [[self.encode(k, depth + 1), self.encode(v, depth + 1)]
                                       for k, v in dict.items(value)]}
        if isinstance(value, (set, frozenset)):
            tag = "frozenset" if isinstance(value, frozenset) else "set"
            return {"$": tag, "v": [self.encode(v, depth + 1) for v in (set.__iter__ if tag == "set"
                                                                         else frozenset.__iter__)(value)]}
        if isinstance(value, bool):
            return bool.__bool__(value)
        if isinstance(value, int):
            return _wire_int(int.__index__(value))
        if isinstance(value, float):
            return self.encode(float.__float__(value), depth)
        if isinstance(value, str):
            return str.__getitem__(value, slice(None))
        if isinstance(value, (bytes, bytearray)):
            tag = "bytearray" if isinstance(value, bytearray) else "bytes"
            return {"$": tag, "v": base64.b64encode(memoryview(value).tobytes()).decode("ascii")}
        if kind is complex:
            return {"$": "complex", "v": [repr(value.real), repr(value.imag)]}
        if kind is decimal.Decimal:
            return {"$": "decimal", "v": str(value)}
        if kind is fractions.Fraction:
            return {"$": "fraction", "v": [_wire_int(value.numerator), _wire_int(value.denominator)]}
        if kind in (datetime.date, datetime.datetime, datetime.time) and getattr(value, "tzinfo", None) is None:
            return {"$": kind.__name__, "v": value.isoformat()}
        if kind is datetime.timedelta:
            return {"$": "timedelta", "v": [value.days, value.seconds, value.microseconds]}
        if kind is range:
            return {"$": "range", "v": [_wire_int(value.start), _wire_int(value.stop), _wire_int(value.step)]}
        if kind is _Method:
            return {"$": "method", "id": value.number, "name": value.name}
        if kind is Remote and object.__getattribute__(value, "_ace_peer") is self:
            return {"$": "theirs", "id": object.__getattribute__(value, "_ace_id")}
        mirrored = getattr(value, "_ace_mirror_of", None) if isinstance(value, type) else None
        if type(mirrored) is int and self.mirrors.get(mirrored) is value:
            return {"$": "theirs", "id": mirrored}
        return self.reference(value)

    def reference(self, value):
        self.referenced = True
        return {"$": "ref", "id": self.export(value), "name": _name_of(value)}

    def decode(self, value, depth):
        if depth > MAX_DEPTH:
            raise ProtocolError("value nested too deep")
        if value is None or type(value) in (bool, str, int, float):
            return value
        if type(value) is not dict:
            raise ProtocolError("malformed value")
        tag = value.get("$")
        payload = value.get("v")
        if tag == "int":
            return _number(value)
        if tag == "arg":
            index = _int(value.get("i"))
            if self.arguments is None or not 0 <= index < len(self.arguments) \
                    or type(self.arguments[index]) not in _MUTABLE:
                raise ProtocolError("not an argument of this call")
            return self.arguments[index]
        if tag == "list":
            return [self.decode(v, depth + 1) for v in _list(payload)]
        if tag == "tuple":
            return tuple(self.decode(v, depth + 1) for v in _list(payload))
        if tag == "namedtuple":
            return self.namedtuple(_str(value.get("name")), _list(value.get("fields")))(
                *[self.decode(v, depth + 1) for v in _list(payload)])
        if tag == "dict":
            return {self.decode(_pair(p)[0], depth + 1): self.decode(_pair(p)[1], depth + 1) for p in _list(payload)}
        if tag == "set":
            return {self.decode(v, depth + 1) for v in _list(payload)}
        if tag == "frozenset":
            return frozenset(self.decode(v, depth + 1) for v in _list(payload))
        if tag in ("bytes", "bytearray"):
            data = base64.b64decode(_str(payload), validate=True)
            return data if tag == "bytes" else bytearray(data)
        if tag == "float" and payload in ("nan", "inf", "-inf"):
            return float(payload)
        if tag == "complex":
            return complex(float(_str(_pair(payload)[0])), float(_str(_pair(payload)[1])))
        if tag == "decimal":
            return decimal.Decimal(_str(payload))
        if tag == "fraction":
            return fractions.Fraction(_number(_pair(payload)[0]), _number(_pair(payload)[1]))
        if tag in ("date", "datetime", "time"):
            return getattr(datetime, tag).fromisoformat(_str(payload))
        if tag == "timedelta":
            return datetime.timedelta(*[_int(v) for v in _list(payload)])
        if tag == "range":
            return range(*[_number(v) for v in _list(payload)])
        if tag == "theirs":  # one of ours, coming back
            number = _int(value.get("id"))
            if number not in self.objects:
                raise ProtocolError("unknown reference")
            return self.objects[number]
        if tag == "ref":
            return self.remote(_int(value.get("id")), value)
        if tag == "method":
            owner, name = self.remotes.get(_int(value.get("id"))), _str(value.get("name"))
            if owner is None:
                raise ProtocolError("a method of an unknown reference")
            method = self.methods.get((owner._ace_id, name))
            if method is None:
                method = object.__new__(RemoteMethod)
                object.__setattr__(method, "_ace_owner", owner)
                object.__setattr__(method, "_ace_name", name)
                self.methods[(owner._ace_id, name)] = method
            return method
        raise ProtocolError("malformed value")

    def remote(self, number, described):
        chain = described.get("exception")
        if chain is not None:
            return self.mirror(_list(chain))
        existing = self.remotes.get(number)
        if existing is None:
            existing = object.__new__(Remote)
            object.__setattr__(existing, "_ace_peer", self)
            object.__setattr__(existing, "_ace_id", number)
            self.remotes[number] = existing
        return existing

    def namedtuple(self, name, fields):
        if not name.isidentifier() or not all(type(f) is str and f.isidentifier() and not f.startswith("_")
                                              for f in fields) or len(fields) > 256:
            raise ProtocolError("malformed namedtuple")
        key = (name, tuple(fields))
        if key not in self.namedtuples:
            self.namedtuples[key] = collections.namedtuple(name, fields)
        return self.namedtuples[key]

    def mirror(self, chain):
        """A local exception class standing for the other side's, so that pytest.raises(solution.Error) works. It
        derives only from built-in exceptions and other mirrors: never from SystemExit, KeyboardInterrupt or
        anything of pytest's, which would stop the run or skip the test."""
        if not chain:
            raise ProtocolError("empty exception class chain")
        head = chain[0]
        if type(head) is not dict:
            raise ProtocolError("malformed exception class")
        if "builtin" in head:
            cls = getattr(builtins, _str(head["builtin"]), None)
            if not isinstance(cls, type) or not issubclass(cls, Exception) or issubclass(cls, BaseExceptionGroup):
                return CodeUnderTestExited
            return cls
        number = _int(head.get("ref"))
        existing = self.mirrors.get(number)
        if existing is not None:
            return existing
        base = self.mirror(chain[1:])
        cls = base
        if base is not CodeUnderTestExited:
            name = _str(head.get("name")).rpartition(".")[2]
            cls = type(name if name.isidentifier() else "Error", (base,),
                       {"__module__": _str(head.get("module")), "_ace_mirror_of": number})
        self.mirrors[number] = cls
        return cls

    def rebuild(self, described):
        if type(described) is not dict:
            raise ProtocolError("malformed exception")
        cls = self.mirror(_list(described.get("chain")))
        args = self.decode(described.get("args"), 0)
        if type(args) is not tuple:
            raise ProtocolError("malformed exception arguments")
        try:
            error = cls(*args)
        except Exception:  # a built-in exception with a particular signature (UnicodeDecodeError): keep the args
            error = cls.__new__(cls)
            error.args = args
        text = described.get("traceback")
        if type(text) is str and text:
            error.__cause__ = RemoteTraceback(text)
        return error


def _wire_int(value):
    """A small int as JSON's number; a large one as hex, which converts in linear time and has no digit limit
    (decimal conversion of an int over 4,300 digits raises ValueError, and is quadratic)."""
    return value if -2 ** 63 <= value < 2 ** 63 else {"$": "int", "v": format(value, "x")}


def _number(value):
    if type(value) is dict and value.get("$") == "int" and type(value.get("v")) is str:
        try:
            return int(value["v"], 16)
        except ValueError:
            raise ProtocolError("malformed number") from None
    return _int(value)


def _int(value):
    if type(value) is not int:
        raise ProtocolError("malformed number")
    return value


def _str(value):
    if type(value) is not str:
        raise ProtocolError("malformed name")
    return value


def _pair(value):
    if type(value) is not list or len(value) != 2:
        raise ProtocolError("malformed pair")
    return value


def _name_of(value):
    name = getattr(value, "__qualname__", None) if isinstance(value, type) else None
    return name if isinstance(name, str) else type(value).__qualname__


def _list(value):
    if type(value) is not list:
        raise ProtocolError("malformed list")
    return value


class Remote:
    """An object of the other side: attribute access, calls and operators are forwarded; comparisons with this
    side's own values are not (they are False), so an object whose __eq__ always answers True cannot pass for the
    value a test expects."""

    __slots__ = ("_ace_peer", "_ace_id", "__weakref__")

    def _ace_request(self, message):
        message["id"] = self._ace_id
        return self._ace_peer.request(message)

    def _ace_op(self, name, *args):
        return self._ace_request({"op": "op", "name": name, "args": [self._ace_peer.encode(a, 0) for a in args]})

    def __getattr__(self, name):
        known = self._ace_peer.methods.get((self._ace_id, name))
        return known if known is not None else self._ace_request({"op": "getattr", "name": name})

    def __setattr__(self, name, value):
        self._ace_request({"op": "setattr", "name": name, "value": self._ace_peer.encode(value, 0)})

    def __delattr__(self, name):
        self._ace_request({"op": "delattr", "name": name})

    def __call__(self, *args, **kwargs):
        return self._ace_peer.invoke({"op": "call", "id": self._ace_id}, args, kwargs)

    def __dir__(self):
        return self._ace_request({"op": "dir"})

    def __repr__(self):
        return _checked(self._ace_op("repr"), str, "__repr__")

    def __str__(self):
        return _checked(self._ace_op("str"), str, "__str__")

    def __format__(self, spec):
        return _checked(self._ace_op("format", spec), str, "__format__")

    def __bool__(self):
        return _checked(self._ace_op("bool"), bool, "__bool__")

    def __len__(self):
        return _checked(self._ace_op("len"), int, "__len__")

    def __hash__(self):
        return _checked(self._ace_op("hash"), int, "__hash__")

    def __index__(self):
        return _checked(self._ace_op("index"), int, "__index__")

    def __int__(self):
        return _checked(self._ace_op("int"), int, "__int__")

    def __float__(self):
        return _checked(self._ace_op("float"), float, "__float__")

    def __iter__(self):
        return self._ace_op("iter")

    def __next__(self):
        return self._ace_op("next")

    def __reversed__(self):
        return self._ace_op("reversed")

    def __getitem__(self, key):
        return self._ace_op("getitem", key)

    def __setitem__(self, key, value):
        self._ace_op("setitem", key, value)

    def __delitem__(self, key):
        self._ace_op("delitem", key)

    def __contains__(self, item):
        return _checked(self._ace_op("contains", item), bool, "__contains__")

    def __enter__(self):
        return self._ace_op("enter")

    def __exit__(self, kind, error, tb):
        return self._ace_op("exit", kind, error)

    def __instancecheck__(self, obj):
        return isinstance(obj, Remote) and obj._ace_peer is self._ace_peer and bool(self._ace_op("isinstance", obj))

    def __subclasscheck__(self, cls):
        return isinstance(cls, Remote) and cls._ace_peer is self._ace_peer and bool(self._ace_op("issubclass", cls))

    def __neg__(self):
        return self._ace_op("neg")

    def __pos__(self):
        return self._ace_op("pos")

    def __abs__(self):
        return self._ace_op("abs")

    def __invert__(self):
        return self._ace_op("invert")


class _Method:
    """How the side that owns an object answers for one of its methods: by the object's number and the name."""

    __slots__ = ("number", "name")

    def __init__(self, number, name):
        self.number, self.name = number, name


class RemoteMethod:
    """A method of an object of the other side. Once an attribute is known to be a method, reading it again asks
    nothing, and a call is one round trip (the owner looks the method up and calls it), not two: on a cache's get()
    in a loop that halves the cost. Anything else done with it (its __name__, say) asks for the bound method."""

    __slots__ = ("_ace_owner", "_ace_name", "__weakref__")

    def __call__(self, *args, **kwargs):
        owner = self._ace_owner
        return owner._ace_peer.invoke({"op": "callattr", "id": owner._ace_id, "name": self._ace_name}, args, kwargs)

    def _ace_bound(self):
        return self._ace_owner._ace_request({"op": "getattr", "name": self._ace_name, "bound": True})

    def __getattr__(self, name):
        return getattr(self._ace_bound(), name)

    def __repr__(self):
        return "<method " + self._ace_name + " of the other side>"

    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return object.__hash__(self)


def _compare(name):
    def compare(self, other):
        # Only two objects of the code under test are compared by its own rules; against a test's value, never.
        if isinstance(other, Remote) and other._ace_peer is self._ace_peer:
            return _checked(self._ace_op(name, other), bool, "__" + name + "__")
        return NotImplemented
    compare.__name__ = "__" + name + "__"
    return compare


def _arithmetic(name):
    def operate(self, other):
        return self._ace_op(name, other)
    operate.__name__ = "__" + name + "__"
    return operate


for _name in ("eq", "ne", "lt", "le", "gt", "ge"):
    setattr(Remote, "__" + _name + "__", _compare(_name))
for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or", "xor", "lshift",
              "rshift", "radd", "rsub", "rmul", "rtruediv", "rfloordiv", "rmod", "rpow"):
    setattr(Remote, "__" + _name + "__", _arithmetic(_name))


def _checked(value, kind, method):
    if type(value) is not kind:
        raise TypeError(method + " of the code under test returned " + type(value).__name__ + ", not " + kind.__name__)
    return value


class TestSide(Peer):
    """The tests' end. It serves the code side only calls and public attributes of the objects the tests handed
    to it (a key function, a callback): no name starting with '_', so nothing leads from a test's lambda to its
    globals, its module or pytest. Its errors travel as built-in classes, without traceback or test source."""

    def attribute(self, message):
        name = _str(message.get("name"))
        if name.startswith("_"):
            raise AttributeError(name + " of a test's object is not reachable from the code under test")
        return name

    def perform(self, message):
        if message.get("op") == "dir":
            return []
        return super().perform(message)

    def answer(self, message, arguments):
        _replay(message.get("printed"))
        return super().answer(message, arguments)


class CodeSide(Peer):
    """The code's end: serves the tests' requests against the real module, and tells them what it printed."""

    def __init__(self, channel):
        super().__init__(channel)
        self.capture = _Capture()

    def serve_one(self, message):
        with self.capture:
            answer = super().serve_one(message)
        answer["printed"] = self.capture.take()
        return answer

    def encode_class(self, cls):
        if cls.__module__ == "builtins":
            return {"builtin": cls.__name__}
        return {"ref": self.export(cls), "name": str(getattr(cls, "__qualname__", "Error")),
                "module": str(getattr(cls, "__module__", "?"))}

    def reference(self, value):
        described = super().reference(value)
        if isinstance(value, type) and issubclass(value, BaseException):
            described["exception"] = [self.encode_class(c) for c in value.__mro__ if issubclass(c, BaseException)]
        return described

    def traceback_of(self, error):
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        return text[-64 * 1024:]


class _Capture:
    """What the code under test prints during one request, sent with the answer so that pytest shows it under the
    test that caused it (writes straight to descriptors 1 and 2 still reach the code sandbox's own output). One pair
    of buffers serves every request: making new ones would cost more than the round trip itself."""

    def __init__(self):
        self.out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="replace", write_through=True)
        self.err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="replace", write_through=True)

    def __enter__(self):
        for stream in (self.out, self.err):
            stream.seek(0)
            stream.truncate()
        self.saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = self.out, self.err
        return self

    def __exit__(self, *exc):
        sys.stdout, sys.stderr = self.saved
        return False

    def take(self):
        return [stream.buffer.getvalue()[:MAX_PRINTED].decode("utf-8", "replace") for stream in (self.out, self.err)]


def serve(module_name):
    """The code side's main loop: import the module under test (while pytest starts on the other side), then answer
    requests until the tests end."""
    for fd in (IN_FD, OUT_FD):
        os.set_inheritable(fd, False)
    peer = CodeSide(Channel(IN_FD, OUT_FD))
    with peer.capture:
        try:
            answer = {"ok": peer.encode(importlib.import_module(module_name), 0)}
        except BaseException as error:  # noqa: B036 - SystemExit at import is an import failure like any other
            answer = {"raise": peer.describe_error(error)}
    answer["printed"] = peer.capture.take()
    while True:
        try:
            message = peer.channel.receive()
        except (CodeUnderTestExited, ProtocolError):
            return
        if message.get("op") == "hello":
            _pin(message.get("cpu"))
            peer.channel.send(answer)
        else:
            peer.channel.send(peer.serve_one(message))


class SealedModule(type(sys)):
    """The tests' `solution`: its attributes come from the code side, read afresh on every access (a reference to
    a function or class is kept once fetched)."""

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__") and name != "__all__":
            raise AttributeError(name)
        root = self.__dict__["_ace_root"]
        if name == "__all__":
            try:
                return list(root.__getattr__("__all__"))
            except AttributeError:
                return [n for n in root.__dir__() if not n.startswith("_")]
        value = root.__getattr__(name)
        if isinstance(value, (Remote, type)):
            self.__dict__[name] = value
        return value

    def __setattr__(self, name, value):
        if name.startswith("__"):
            super().__setattr__(name, value)
            return
        self.__dict__.pop(name, None)
        self.__dict__["_ace_root"].__setattr__(name, value)

    def __delattr__(self, name):
        self.__dict__.pop(name, None)
        self.__dict__["_ace_root"].__delattr__(name)

    def __dir__(self):
        return sorted(set(self.__dict__["_ace_root"].__dir__()) | set(self.__dict__))


def install(module_name):
    """Runs as the test side's module under test: connects to the code side and takes the module's place."""
    for fd in (IN_FD, OUT_FD):
        os.set_inheritable(fd, False)
    peer = TestSide(Channel(IN_FD, OUT_FD))
    current = sys.modules[module_name]
    sealed = SealedModule(module_name, current.__doc__)
    for key in ("__file__", "__spec__", "__loader__", "__package__"):
        if key in current.__dict__:
            type(sys).__setattr__(sealed, key, current.__dict__[key])
    cpu = _current_cpu()
    _pin(cpu)
    try:
        root = peer.request({"op": "hello", "cpu": cpu})
    except CodeUnderTestExited as error:
        raise ImportError("the code under test exited while it was imported: " + str(error)) from None
    except Exception as error:
        raise ImportError("the code under test could not be imported: " + type(error).__name__ + ": " + str(error)
                          + "\n" + str(error.__cause__ or "")) from None
    if type(root) is not Remote:
        raise ImportError("the code side did not answer with its module")
    sealed.__dict__["_ace_root"] = root
    sys.modules[module_name] = sealed


def _current_cpu():
    try:
        with open("/proc/thread-self/stat", "rb") as stat:
            return int(stat.read().rsplit(b")", 1)[1].split()[36])  # field 39, "processor"
    except (OSError, ValueError, IndexError):
        return None


def _pin(cpu):
    """Both sides run in turn, never at once, so they share one CPU: there a round trip takes a few microseconds,
    while waking the other side on another CPU costs tens (a pipe ping-pong on a 2-core VM: 6 against 45 us)."""
    try:
        allowed = os.sched_getaffinity(0)
        if type(cpu) is int and cpu in allowed and len(allowed) > 1:
            os.sched_setaffinity(0, {cpu})
    except OSError:
        pass


def _replay(printed):
    if type(printed) is list and len(printed) == 2 and all(type(p) is str for p in printed):
        sys.stdout.write(printed[0])
        sys.stderr.write(printed[1])


INCONCLUSIVE = 3  # the quick runner's exit when pytest must decide (the host then runs the suite with pytest)
_PYTEST_NAMES = ("pytest", "_pytest", "unittest", "nose", "hypothesis")
_XUNIT_HOOKS = ("setup_module", "teardown_module", "setup_function", "teardown_function", "setup", "teardown",
                "setUpModule", "tearDownModule", "pytestmark", "pytest_plugins", "__test__")
_PYTEST_CONFIGS = ("conftest.py", "pytest.ini", ".pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini")


def quick(tests_file, report):
    """Runs a test file of plain test functions as pytest would, without pytest's start-up: pytest's -q output and
    JUnit report, byte for byte but for the times, when every test passes. Anything this runner does not do as
    pytest does (fixtures, marks, classes, hooks, warnings, a failing test, whose message is pytest's to word)
    ends it with INCONCLUSIVE before a report is written, and the host runs the suite with pytest instead."""
    import threading
    import time
    import warnings

    if any(os.path.exists(f) for f in _PYTEST_CONFIGS) or any(v.startswith("PYTEST") for v in os.environ):
        return INCONCLUSIVE
    with open(tests_file, "rb") as f:
        source = f.read()
    try:
        tree = ast.parse(source, tests_file)
    except (SyntaxError, ValueError):
        return INCONCLUSIVE
    planned = _plain_tests(tree)
    if not planned:
        return INCONCLUSIVE
    path = os.path.abspath(tests_file)
    name = os.path.splitext(os.path.basename(tests_file))[0]
    module = types.ModuleType(name)
    module.__file__ = path
    module.__builtins__ = builtins
    sys.modules[name] = module
    sys.path.insert(0, os.path.dirname(path))
    troubles = []
    sys.unraisablehook = troubles.append
    threading.excepthook = troubles.append
    start = time.time()
    capture = _Hidden()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with capture:
                exec(compile(tree, path, "exec", dont_inherit=True), module.__dict__)
        except BaseException:  # noqa: B036 - a module that does not import is pytest's collection error to report
            return INCONCLUSIVE
        tests = [(test, value) for test, value in vars(module).items() if test.startswith("test")
                 or test.startswith("Test")]
        if [test for test, _ in tests] != planned or not all(_plain(value) for _, value in tests):
            return INCONCLUSIVE
        times = []
        for test, function in tests:
            began = time.time()
            try:
                with capture:
                    result = function()
            except BaseException:  # noqa: B036 - failed: pytest words the failure
                return INCONCLUSIVE
            if result is not None or caught or troubles:
                return INCONCLUSIVE
            times.append(time.time() - began)
    _write_report(report, name, [test for test, _ in tests], times, time.time() - start)
    _print_summary(len(tests), os.path.abspath(report), time.time() - start)
    return 0


def _plain_tests(tree):
    """The names of the test functions of a module that pytest would collect as plain functions and nothing else;
    None when the module has anything pytest treats specially, or names a test any other way."""
    names = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) \
                else [node.module or ""]
            if any(m.split(".")[0] in _PYTEST_NAMES for m in modules):
                return None
            bound = [alias.asname or alias.name.split(".")[0] for alias in node.names]
            if any(b == "*" or b.startswith(("test", "Test")) or b in _XUNIT_HOOKS for b in bound):
                return None
        elif isinstance(node, ast.ClassDef):
            return None
        elif isinstance(node, ast.FunctionDef) and node.name.startswith(("test", "Test")):
            args = node.args
            if (node.decorator_list or args.posonlyargs or args.args or args.vararg or args.kwonlyargs
                    or args.kwarg or _yields(node) or node.name in names):
                return None
            names.append(node.name)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name in _XUNIT_HOOKS or node.name.startswith(("pytest_", "test", "Test")):
                return None
        else:
            for target in ast.walk(node):
                if isinstance(target, ast.Name) and isinstance(target.ctx, ast.Store) and (
                        target.id.startswith(("test", "Test")) or target.id in _XUNIT_HOOKS):
                    return None
    return names


def _yields(function):
    return any(isinstance(node, (ast.Yield, ast.YieldFrom)) for node in ast.walk(function))


def _plain(value):
    return type(value) is types.FunctionType and value.__code__.co_argcount == 0 and not (
        value.__code__.co_flags & 0x2A0)  # CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR


class _Hidden:
    """What pytest's capture does for a passing test: nothing it prints, to sys.stdout or to descriptor 1 or 2,
    is shown."""

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.saved = sys.stdout, sys.stderr, os.dup(1), os.dup(2)
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.close(null)

    def __exit__(self, *exc):
        sys.stdout, sys.stderr, out, err = self.saved
        os.dup2(out, 1)
        os.dup2(err, 2)
        os.close(out)
        os.close(err)


def _write_report(report, module, tests, times, total):
    import socket
    cases = "".join('<testcase classname="%s" name="%s" time="%.3f" />' % (module, test, seconds)
                    for test, seconds in zip(tests, times))
    xml = ('<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="0" '
           'skipped="0" tests="%d" time="%.3f" timestamp="%s" hostname="%s">%s</testsuite></testsuites>'
           % (len(tests), total, datetime.datetime.now().isoformat(), socket.gethostname(), cases))
    with open(report, "w", encoding="utf-8") as f:
        f.write(xml)


def _print_summary(count, report, seconds, width=80):
    """pytest -q's lines for COUNT passing tests: dots with the progress at each line's end, the report's name,
    the tally."""
    out = []
    line = 0
    for done in range(1, count + 1):
        out.append(".")
        line += 1
        if done == count:
            out.append(" [100%]".rjust(width - line - 1) + "\n")
        elif line + len(" [100%]") + 1 >= width:
            out.append(" [%3d%%]\n" % (done * 100 // count))
            line = 0
    title = "generated xml file: " + report
    fill = "-" * max((width - len(title) - 2) // 2, 1)
    sep = fill + " " + title + " " + fill
    if len(sep) + 1 <= width:
        sep += "-"
    tally = "%d passed in %.2fs" % (count, seconds)
    if seconds > 60:
        tally += " (%s)" % datetime.timedelta(seconds=int(seconds))
    sys.stdout.write("".join(out) + sep + "\n" + tally + "\n")
    sys.stdout.flush()
