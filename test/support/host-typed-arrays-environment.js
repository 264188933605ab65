// Jest's node environment with the host's typed arrays. Each spec file runs in its own realm, whose
// Float32Array is not the one native addons create: onnxruntime-node (the local sentence model)
// builds its output tensors from the host's and then checks them with `instanceof` against the
// spec's, which fails ("A float32 tensor's data must be type of Float32Array"). Outside Jest there
// is one realm and nothing to do.
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class HostTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) if (globalThis[name]) this.global[name] = globalThis[name];
  }
}

module.exports = HostTypedArraysEnvironment;
