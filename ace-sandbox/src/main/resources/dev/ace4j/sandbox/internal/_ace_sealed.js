'use strict';
// ace4j's sealed test execution for JavaScript: the tests and the code under test run in two sandboxes, joined by
// two pipes (descriptor 3 reads, 4 writes). The test side (node:test, the tests, this file behind the module
// `solution.js`) calls the code side (this file's serve(), which requires the real solution.js) through proxies.
// Only plain values cross the pipes, as JSON: undefined, null, booleans, numbers, bigints, strings, arrays, plain
// objects of data, Maps, Sets, Dates, RegExps, Buffers, typed arrays and errors. Functions, class instances, objects
// with methods and promises stay where they were made and cross as numbered references: the other side holds a
// Proxy that forwards property access, calls, `new`, `instanceof` and `await`. The test side decodes strictly and
// never runs anything the code side names, so the code under test can only make a test pass by returning the
// values its assertions expect: it cannot reach node:test, the report, the tests' source, their process or their
// globals. See docs/SECURITY.md, "Sealed test execution".
const fs = require('fs');
const util = require('util');

const IN_FD = 3;
const OUT_FD = 4;
const MAX_FRAME = 32 * 1024 * 1024;
const MAX_DEPTH = 100;
const ERRORS = new Map([Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError]
  .map((type) => [type.name, type]));
const TYPED = new Map([Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array].map((type) => [type.name, type]));
const SYMBOLS = new Map(['iterator', 'asyncIterator', 'toPrimitive', 'toStringTag'].map((n) => [n, Symbol[n]]));

/** Thrown on the test side once the code under test is gone or spoke out of turn; not an Error, so that no
 * `assert.throws(fn, SomeError)` takes it for the error a test expects, and every test from then on fails. */
class CodeUnderTestExited {
  constructor(message) {
    this.message = message;
    Object.freeze(this);
  }

  toString() {
    return 'CodeUnderTestExited: ' + this.message;
  }

  [util.inspect.custom]() {
    return this.toString();
  }
}

/** Length-prefixed JSON frames over two descriptors, read and written synchronously. */
class Channel {
  constructor() {
    this.broken = null;
  }

  send(message) {
    this.check();
    const data = Buffer.from(JSON.stringify(message), 'utf8');
    const frame = Buffer.allocUnsafe(4 + data.length);
    frame.writeUInt32BE(data.length, 0);
    data.copy(frame, 4);
    try {
      for (let offset = 0; offset < frame.length;) {
        offset += fs.writeSync(OUT_FD, frame, offset);
      }
    } catch (error) {
      throw this.fail('the other side exited while the tests were running');
    }
  }

  /** The next message, or null when the other side closed its end between messages. */
  receive() {
    this.check();
    const header = this.read(4);
    if (header === null) {
      return null;
    }
    const size = header.readUInt32BE(0);
    if (size > MAX_FRAME) {
      throw this.fail('the other side sent ' + size + ' bytes at once');
    }
    const data = this.read(size);
    if (data === null) {
      throw this.fail('the other side exited while the tests were running');
    }
    let message;
    try {
      message = JSON.parse(data.toString('utf8'));
    } catch (error) {
      throw this.fail('the other side sent a frame that is not JSON');
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      throw this.fail('the other side sent a frame that is not an object');
    }
    return message;
  }

  read(size) {
    const buffer = Buffer.allocUnsafe(size);
    for (let offset = 0; offset < size;) {
      let count;
      try {
        count = fs.readSync(IN_FD, buffer, offset, size - offset, null);
      } catch (error) {
        count = 0;
      }
      if (count === 0) {
        return null;
      }
      offset += count;
    }
    return buffer;
  }

  check() {
    if (this.broken) {
      throw this.broken;
    }
  }

  /** Once broken, a channel stays broken: after a lost frame no answer could be matched to its request. */
  fail(message) {
    this.broken = new CodeUnderTestExited(message);
    return this.broken;
  }
}

/** A malformed value from the other side: the channel breaks. */
class ProtocolError extends Error {}

function expect(condition, what) {
  if (!condition) {
    throw new ProtocolError('malformed ' + what);
  }
}

/**
 * One side's end: the table of its objects the other side holds by number, the proxies for the other side's
 * objects, the request/answer loop and the encoding of values. A request waits for its answer while serving the
 * other side's requests, so callbacks (a test's function passed to the code) nest to any depth.
 */
class Peer {
  constructor(channel) {
    this.channel = channel;
    this.objects = [null];
    this.numbers = new Map();
    this.proxies = new Map();
    this.remoteIds = new WeakMap();
    this.settled = new WeakMap();
    this.depth = 0;
    this.load = null;
  }

  export(value) {
    let number = this.numbers.get(value);
    if (number === undefined) {
      number = this.objects.length;
      this.objects.push(value);
      this.numbers.set(value, number);
      if (util.types.isPromise(value)) {
        value.then((v) => this.settled.set(value, { ok: v }), (e) => this.settled.set(value, { err: e }));
      }
    }
    return number;
  }

  request(message, args) {
    this.channel.send(message);
    this.depth++;
    try {
      for (;;) {
        const next = this.channel.receive();
        if (next === null) {
          throw this.channel.fail('the other side exited while the tests were running');
        }
        if (!('op' in next)) {
          return this.answer(next, args || []);
        }
        this.channel.send(this.serve(next));
      }
    } finally {
      this.depth--;
    }
  }

  answer(message, args) {
    let error;
    try {
      if ('restore' in message) {
        this.restoreArguments(message.restore, args);
      }
      if ('ok' in message) {
        return this.decode(message.ok, 0, args);
      }
      expect('err' in message, 'answer');
      error = this.decode(message.err, 0, args);
    } catch (failure) {
      if (failure instanceof CodeUnderTestExited) {
        throw failure;
      }
      // a value the decoder refused: malformed, too deep, a bad date or base64
      throw this.channel.fail('the other side sent a malformed value (' + (failure && failure.message) + ')');
    }
    throw error;
  }

  /** Answers one request of the other side: its result, or what it threw. */
  serve(message) {
    let values = [];
    try {
      const result = this.perform(message, (decoded) => {
        values = decoded;
      });
      const answer = { ok: this.encode(result, 0, values) };
      const restore = this.changedArguments(message.args, values);
      if (restore.length > 0) {
        answer.restore = restore;
      }
      return answer;
    } catch (error) {
      if (error instanceof CodeUnderTestExited) {
        throw error;
      }
      return { err: this.encodeThrown(error) };
    }
  }

  perform(message, received) {
    const op = message.op;
    if (op === 'module') {
      expect(this.load !== null, 'request: only the code side has a module');
      return this.load();
    }
    expect(Number.isInteger(message.id) && message.id > 0 && message.id < this.objects.length, 'reference');
    const target = this.objects[message.id];
    const args = () => {
      expect(Array.isArray(message.args), 'arguments');
      const values = message.args.map((a) => this.decode(a, 0));
      received(values);
      return values;
    };
    switch (op) {
      case 'get': return target[this.key(message.key)];
      case 'set': target[this.key(message.key)] = this.decode(message.value, 0); return undefined;
      case 'has': return this.key(message.key) in target;
      case 'delete': return delete target[this.key(message.key)];
      case 'keys': return Reflect.ownKeys(target).filter((k) => typeof k === 'string');
      case 'own': {
        const descriptor = Reflect.getOwnPropertyDescriptor(target, this.key(message.key));
        return descriptor === undefined ? null : descriptor.enumerable;
      }
      case 'call': return Reflect.apply(target, this.decode(message.this, 0), args());
      case 'new': return Reflect.construct(target, args());
      case 'instanceof': return this.decode(message.value, 0) instanceof target;
      case 'await': {
        const state = this.settled.get(target);
        if (state === undefined) {
          throw new Error('a promise of the tests was awaited by the code under test before it settled');
        }
        if ('err' in state) {
          throw state.err;
        }
        return state.ok;
      }
      default: throw new ProtocolError('unknown operation');
    }
  }

  key(encoded) {
    if (typeof encoded === 'string') {
      return encoded;
    }
    expect(encoded !== null && typeof encoded === 'object' && SYMBOLS.has(encoded.sym), 'property key');
    return SYMBOLS.get(encoded.sym);
  }

  encodeKey(key) {
    if (typeof key === 'string') {
      return key;
    }
    for (const [name, symbol] of SYMBOLS) {
      if (symbol === key) {
        return { sym: name };
      }
    }
    return null;
  }

  // Calls. Arguments travel as copies; an array or plain object argument the callee changed is changed in place on
  // the caller's side after the call (copy-restore), so `items.sort()` in the code is seen by the tests and a test
  // that the code leaves its input alone means something. A result that is one of the arguments stays that
  // argument, so `assert.strictEqual(sortInPlace(a), a)` holds.

  changedArguments(sent, values) {
    const changed = [];
    values.forEach((value, index) => {
      if (byValue(value) && (Array.isArray(value) || isPlainData(value))) {
        const now = this.encode(value, 0);
        if (JSON.stringify(now) !== JSON.stringify(sent[index])) {
          changed.push([index, now]);
        }
      }
    });
    return changed;
  }

  restoreArguments(changed, args) {
    expect(Array.isArray(changed), 'restore');
    for (const entry of changed) {
      expect(Array.isArray(entry) && entry.length === 2 && Number.isInteger(entry[0]), 'restore');
      const target = args[entry[0]];
      const value = this.decode(entry[1], 0);
      if (Array.isArray(target) && Array.isArray(value)) {
        target.length = 0;
        for (const item of value) {
          target.push(item);
        }
      } else if (isPlainData(target) && isPlainData(value)) {
        for (const key of Object.keys(target)) {
          delete target[key];
        }
        for (const key of Object.keys(value)) {
          define(target, key, value[key]);
        }
      } else {
        throw new ProtocolError('a change to an argument that cannot change');
      }
    }
  }

  // Values.

  encode(value, depth, args) {
    if (depth > MAX_DEPTH) {
      throw new RangeError('a value nested deeper than ' + MAX_DEPTH + ' levels (or a cycle) cannot be passed');
    }
    if (args && depth === 0 && value !== null && typeof value === 'object') {
      const index = args.indexOf(value);
      if (index >= 0) {
        return { $: 'arg', i: index };
      }
    }
    switch (typeof value) {
      case 'undefined': return { $: 'u' };
      case 'boolean':
      case 'string': return value;
      case 'number':
        if (Object.is(value, -0)) {
          return { $: 'n', v: '-0' };
        }
        return Number.isFinite(value) ? value : { $: 'n', v: String(value) };
      case 'bigint': return { $: 'big', v: value.toString() };
      case 'symbol': throw new TypeError('a symbol cannot be passed between the tests and the code under test');
      default: break;
    }
    if (value === null) {
      return null;
    }
    const remote = this.remoteIds.get(value);
    if (remote !== undefined) {
      return { $: 'back', id: remote };
    }
    const next = depth + 1;
    if (typeof value === 'function' || util.types.isProxy(value)) {
      return { $: 'r', id: this.export(value), f: typeof value === 'function' };
    }
    if (Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype) {
      const items = new Array(value.length);
      for (let i = 0; i < value.length; i++) {
        items[i] = this.encode(value[i], next);
      }
      return items;
    }
    if (isPlainData(value)) {
      return { $: 'o', v: Object.keys(value).map((k) => [k, this.encode(value[k], next)]) };
    }
    if (util.types.isDate(value)) {
      return { $: 'date', v: value.getTime() };
    }
    if (util.types.isRegExp(value)) {
      return { $: 're', source: value.source, flags: value.flags };
    }
    if (util.types.isMap(value) && Object.getPrototypeOf(value) === Map.prototype) {
      return { $: 'map', v: [...value].map(([k, v]) => [this.encode(k, next), this.encode(v, next)]) };
    }
    if (util.types.isSet(value) && Object.getPrototypeOf(value) === Set.prototype) {
      return { $: 'set', v: [...value].map((v) => this.encode(v, next)) };
    }
    if (Buffer.isBuffer(value)) {
      return { $: 'buf', v: value.toString('base64') };
    }
    if (util.types.isTypedArray(value) && TYPED.has(value.constructor.name)) {
      return { $: 'typed', t: value.constructor.name,
        v: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
    }
    if (util.types.isPromise(value)) {
      return { $: 'p', id: this.export(value) };
    }
    if (util.types.isNativeError(value) || value instanceof Error) {
      return this.encodeError(value);
    }
    return { $: 'r', id: this.export(value), f: false };
  }

  encodeThrown(error) {
    try {
      return this.encode(error, 0);
    } catch (unsendable) {
      return this.encodeError(new Error(String(unsendable && unsendable.message)));
    }
  }

  encodeError(error) {
    const text = (key) => {
      try {
        const value = error[key];
        return typeof value === 'string' ? value : undefined;
      } catch (e) {
        return undefined;
      }
    };
    return { $: 'err', id: this.export(error), name: text('name') || 'Error', message: text('message') || '',
      stack: text('stack') || '', code: text('code') };
  }

  decode(value, depth, args) {
    expect(depth <= MAX_DEPTH, 'value: nested too deep');
    if (value === null || typeof value === 'boolean' || typeof value === 'string' || typeof value === 'number') {
      return value;
    }
    const next = depth + 1;
    if (Array.isArray(value)) {
      return value.map((item) => this.decode(item, next));
    }
    expect(typeof value === 'object', 'value');
    switch (value.$) {
      case 'u': return undefined;
      case 'n':
        expect(['NaN', 'Infinity', '-Infinity', '-0'].includes(value.v), 'number');
        return Number(value.v);
      case 'big':
        expect(typeof value.v === 'string' && /^-?[0-9]{1,100000}$/.test(value.v), 'bigint');
        return BigInt(value.v);
      case 'arg':
        expect(args !== undefined && depth === 0 && Number.isInteger(value.i) && value.i >= 0
            && value.i < args.length, 'argument reference');
        return args[value.i];
      case 'o': {
        expect(Array.isArray(value.v), 'object');
        const result = {};
        for (const entry of value.v) {
          expect(Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string', 'object entry');
          define(result, entry[0], this.decode(entry[1], next));
        }
        return result;
      }
      case 'date':
        expect(typeof value.v === 'number', 'date');
        return new Date(value.v);
      case 're':
        expect(typeof value.source === 'string' && typeof value.flags === 'string', 'regular expression');
        return new RegExp(value.source, value.flags);
      case 'map':
        expect(Array.isArray(value.v), 'map');
        return new Map(value.v.map((entry) => {
          expect(Array.isArray(entry) && entry.length === 2, 'map entry');
          return [this.decode(entry[0], next), this.decode(entry[1], next)];
        }));
      case 'set':
        expect(Array.isArray(value.v), 'set');
        return new Set(value.v.map((item) => this.decode(item, next)));
      case 'buf':
        expect(typeof value.v === 'string', 'buffer');
        return Buffer.from(value.v, 'base64');
      case 'typed': {
        expect(TYPED.has(value.t) && typeof value.v === 'string', 'typed array');
        const bytes = Buffer.from(value.v, 'base64');
        const type = TYPED.get(value.t);
        expect(bytes.length % type.BYTES_PER_ELEMENT === 0, 'typed array');
        return new type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      }
      case 'back':
        expect(Number.isInteger(value.id) && value.id > 0 && value.id < this.objects.length, 'reference');
        return this.objects[value.id];
      case 'r':
        expect(Number.isInteger(value.id) && value.id > 0, 'reference');
        return this.proxy(value.id, value.f === true);
      case 'p':
        expect(Number.isInteger(value.id) && value.id > 0, 'promise');
        return this.promise(value.id);
      case 'err': return this.error(value);
      default: throw new ProtocolError('value');
    }
  }

  /** A local error like the one thrown on the other side: the same standard type, name, message and code, with
   * the other side's stack after this side's; `instanceof` a class of the other side asks that side. */
  error(value) {
    expect(Number.isInteger(value.id) && value.id > 0 && typeof value.name === 'string'
        && typeof value.message === 'string' && typeof value.stack === 'string', 'error');
    const Type = ERRORS.get(value.name) || Error;
    const error = new Type(value.message);
    if (error.name !== value.name) {
      Object.defineProperty(error, 'name', { value: value.name, writable: true, configurable: true });
    }
    if (typeof value.code === 'string') {
      error.code = value.code;
    }
    const remoteStack = value.stack.split('\n').filter((line) => /^\s+at /.test(line));
    error.stack = value.name + ': ' + value.message + '\n' + remoteStack.join('\n');
    this.remoteIds.set(error, value.id);
    return error;
  }

  proxy(id, callable) {
    const known = this.proxies.get(id);
    if (known !== undefined) {
      return known;
    }
    const peer = this;
    // A bound function is callable and constructible and has no own `prototype`, which a Proxy would have to list.
    const target = callable ? function remote() {}.bind(null) : {};
    const proxy = new Proxy(target, {
      get(_, key) {
        if (key === Symbol.hasInstance) {
          return (value) => peer.remoteIds.has(value)
            && peer.request({ op: 'instanceof', id, value: peer.encode(value, 0) }) === true;
        }
        if (key === 'then' || key === util.inspect.custom) {
          return undefined; // not a thenable; printed as its target
        }
        const encoded = peer.encodeKey(key);
        return encoded === null ? undefined : peer.request({ op: 'get', id, key: encoded });
      },
      set(_, key, value) {
        const encoded = peer.encodeKey(key);
        if (encoded === null) {
          return false;
        }
        peer.request({ op: 'set', id, key: encoded, value: peer.encode(value, 0) });
        return true;
      },
      has(_, key) {
        const encoded = peer.encodeKey(key);
        return encoded !== null && peer.request({ op: 'has', id, key: encoded }) === true;
      },
      deleteProperty(_, key) {
        const encoded = peer.encodeKey(key);
        return encoded !== null && peer.request({ op: 'delete', id, key: encoded }) === true;
      },
      ownKeys() {
        const keys = peer.request({ op: 'keys', id });
        expect(Array.isArray(keys) && keys.every((k) => typeof k === 'string'), 'keys');
        return [...new Set([...keys, ...Reflect.ownKeys(target)])];
      },
      getOwnPropertyDescriptor(_, key) {
        const own = Reflect.getOwnPropertyDescriptor(target, key);
        if (own !== undefined) {
          return own;
        }
        const encoded = peer.encodeKey(key);
        const enumerable = encoded === null ? null : peer.request({ op: 'own', id, key: encoded });
        if (enumerable === null) {
          return undefined;
        }
        return { value: proxy[key], writable: true, enumerable: enumerable === true, configurable: true };
      },
      apply(_, self, args) {
        return peer.request({ op: 'call', id, this: peer.encode(self, 0), args: peer.encodeArgs(args) }, args);
      },
      construct(_, args) {
        return peer.request({ op: 'new', id, args: peer.encodeArgs(args) }, args);
      },
    });
    this.proxies.set(id, proxy);
    this.remoteIds.set(proxy, id);
    return proxy;
  }

  encodeArgs(args) {
    return args.map((a) => this.encode(a, 0));
  }

  /** A promise that asks the other side for the outcome only when something awaits it. */
  promise(id) {
    const peer = this;
    let asked = false;
    let settle;
    class RemotePromise extends Promise {
      static get [Symbol.species]() {
        return Promise;
      }

      then(onFulfilled, onRejected) {
        if (!asked) {
          asked = true;
          try {
            settle.resolve(peer.request({ op: 'await', id }));
          } catch (error) {
            settle.reject(error);
          }
        }
        return super.then(onFulfilled, onRejected);
      }
    }
    return new RemotePromise((resolve, reject) => {
      settle = { resolve, reject };
    });
  }
}

function isPlainData(value) {
  if (value === null || typeof value !== 'object' || util.types.isProxy(value)) {
    return false;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    return false;
  }
  // An object with methods is behaviour, not data: it stays on its side, where its `this` is.
  return Object.keys(value).every((k) => typeof Object.getOwnPropertyDescriptor(value, k).value !== 'function');
}

function byValue(value) {
  return value !== null && typeof value === 'object';
}

/** Sets an own data property, whatever its name (`__proto__` included). */
function define(object, key, value) {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * The test side: the code's module as proxies. Registers a hook that fails every test from the moment the code
 * under test is gone, so that a test that expects "some error" cannot pass on the code's exit.
 */
function install() {
  const channel = new Channel();
  const peer = new Peer(channel);
  try {
    require('node:test').afterEach(() => channel.check());
  } catch (error) {
    // tests that do not use node:test fail on the error itself
  }
  return peer.request({ op: 'module' });
}

/**
 * The code side: loads the module on the first request and answers requests until the tests close the channel.
 * An `await` of one of its promises is answered when it settles, with the event loop running meanwhile.
 */
function serve(name) {
  const channel = new Channel();
  const peer = new Peer(channel);
  peer.load = () => require('./' + name + '.js');
  const pump = () => {
    for (;;) {
      const message = channel.receive();
      if (message === null) {
        process.exit(0);
      }
      const target = message.op === 'await' && Number.isInteger(message.id) ? peer.objects[message.id] : undefined;
      if (util.types.isPromise(target)) {
        target.then((ok) => ({ ok }), (err) => ({ err })).then((state) => {
          peer.settled.set(target, state);
          channel.send(peer.serve(message));
          pump();
        });
        return;
      }
      channel.send(peer.serve(message));
    }
  };
  pump();
}

module.exports = { install, serve };
