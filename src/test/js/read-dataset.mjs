// Interop reader: reads a Hugging Face `datasets.save_to_disk` folder with Apache Arrow JS (independent of
// valbench's Java code) and prints ONE JSON object on a single stdout line:
//   {"schema":[{"name":..,"type":<arrow JS DataType.toString()>},..],
//    "metadata":{"huggingface":<schema metadata value or null>},
//    "num_rows":N, "rows":[{col:value,..},..],
//    "dataset_info":<parsed dataset_info.json>, "state":<parsed state.json>}
// Shards are taken from state.json "_data_files" in order and must be Arrow IPC *stream* files (that is what
// `datasets` writes and what `load_from_disk` opens); IPC *file* format (ARROW1 magic) is rejected.
// Values: strings, numbers (Int64 -> Number; fails if beyond +-2^53-1), floats (NaN/Infinity -> "NaN",
// "Infinity", "-Infinity" since JSON has no such numbers), bools, null, structs -> objects, lists -> arrays.
// Exits non-zero with a message on stderr if anything is missing or unreadable.
//
// Usage: node read-dataset.mjs <folder>

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type, tableFromIPC } from 'apache-arrow';

class ReadError extends Error {}
const fail = (msg) => {
  throw new ReadError(msg);
};

function readJson(folder, name) {
  const path = join(folder, name);
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    fail(`cannot read ${path}: ${e.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    fail(`invalid JSON in ${path}: ${e.message}`);
  }
}

const ARROW_FILE_MAGIC = Buffer.from('ARROW1');

function readShard(path) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    fail(`cannot read shard ${path}: ${e.message}`);
  }
  if (bytes.length === 0) fail(`shard ${path} is empty`);
  if (bytes.subarray(0, 6).equals(ARROW_FILE_MAGIC)) {
    fail(`shard ${path} is in Arrow IPC file format; expected IPC stream format`);
  }
  let table;
  try {
    table = tableFromIPC(bytes);
  } catch (e) {
    fail(`cannot decode Arrow IPC stream ${path}: ${e.message}`);
  }
  if (!table || !table.schema || table.schema.fields.length === 0) {
    fail(`shard ${path} has no schema / no columns (not an Arrow IPC stream?)`);
  }
  return table;
}

const typeString = (type) => String(type);

function schemaSignature(schema) {
  return JSON.stringify(schema.fields.map((fl) => [fl.name, typeString(fl.type), fl.nullable]));
}

function toNumber(v, where) {
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      fail(`${where}: integer ${v} cannot be represented exactly as a JSON number`);
    }
    return Number(v);
  }
  return v;
}

function floatToJson(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

// Convert one Arrow value of `type` to plain JSON, driven by the declared type (not by JS runtime shapes).
function convert(v, type, where) {
  if (v === null || v === undefined) return null;
  switch (type.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
      return String(v);
    case Type.Bool:
      return Boolean(v);
    case Type.Int:
      return toNumber(v, where);
    case Type.Float:
      return floatToJson(Number(v));
    case Type.Struct: {
      const out = {};
      for (const child of type.children) {
        out[child.name] = convert(v[child.name], child.type, `${where}.${child.name}`);
      }
      return out;
    }
    case Type.List:
    case Type.LargeList:
    case Type.FixedSizeList: {
      const childType = type.children[0].type;
      const out = [];
      const n = v.length;
      for (let i = 0; i < n; i++) out.push(convert(v.get(i), childType, `${where}[${i}]`));
      return out;
    }
    case Type.Dictionary:
      return convert(v, type.dictionary, where);
    case Type.Binary:
    case Type.LargeBinary:
    case Type.BinaryView:
    case Type.FixedSizeBinary:
      return Buffer.from(v).toString('base64');
    case Type.Null:
      return null;
    default:
      // Best effort for types `datasets` rarely emits (timestamps, decimals, maps, ...).
      if (typeof v === 'bigint') return toNumber(v, where);
      if (v && typeof v.toJSON === 'function') return JSON.parse(JSON.stringify(v.toJSON(), (_, x) => (typeof x === 'bigint' ? toNumber(x, where) : x)));
      if (ArrayBuffer.isView(v)) return Array.from(v, (x) => toNumber(x, where));
      return v;
  }
}

function main(argv) {
  if (argv.length !== 1) fail('usage: node read-dataset.mjs <folder>');
  const folder = argv[0];

  const state = readJson(folder, 'state.json');
  const datasetInfo = readJson(folder, 'dataset_info.json');

  const dataFiles = state && state._data_files;
  if (!Array.isArray(dataFiles) || dataFiles.length === 0) fail('state.json has no non-empty "_data_files" array');

  let schema = null;
  let signature = null;
  const rows = [];
  dataFiles.forEach((entry, shardIndex) => {
    const filename = entry && entry.filename;
    if (typeof filename !== 'string' || filename === '') fail(`state.json _data_files[${shardIndex}] has no "filename"`);
    const table = readShard(join(folder, filename));
    const sig = schemaSignature(table.schema);
    if (schema === null) {
      schema = table.schema;
      signature = sig;
    } else if (sig !== signature) {
      fail(`shard ${filename} schema ${sig} differs from first shard schema ${signature}`);
    }
    const fields = table.schema.fields;
    const vectors = fields.map((_, i) => table.getChildAt(i));
    for (let r = 0; r < table.numRows; r++) {
      const row = {};
      fields.forEach((fl, c) => {
        row[fl.name] = convert(vectors[c].get(r), fl.type, `${filename} row ${r} ${fl.name}`);
      });
      rows.push(row);
    }
  });

  const hf = schema.metadata.get('huggingface');
  const out = {
    schema: schema.fields.map((fl) => ({ name: fl.name, type: typeString(fl.type) })),
    metadata: { huggingface: hf === undefined ? null : hf },
    num_rows: rows.length,
    rows,
    dataset_info: datasetInfo,
    state,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

try {
  main(process.argv.slice(2));
} catch (e) {
  if (e instanceof ReadError) {
    process.stderr.write(`read-dataset: ${e.message}\n`);
    process.exit(e.message.startsWith('usage:') ? 2 : 1);
  }
  process.stderr.write(`read-dataset: unexpected error: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
}
