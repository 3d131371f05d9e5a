// Interop fixture writer: builds a Hugging Face `datasets.save_to_disk`-style folder with Apache Arrow JS
// (not Java, not Python), so valbench can be tested against an independent Arrow implementation.
// The committed fixture src/test/resources/interop/js-written/ was made with:
//   cd src/test/js && npm ci && node write-fixture.mjs ../resources/interop/js-written
// Output is deterministic (fixed fingerprint, no timestamps): rerunning produces identical bytes.
//
// Usage: node write-fixture.mjs <out-folder>

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Bool,
  Field,
  Float64,
  Int64,
  LargeUtf8,
  List,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Utf8,
  makeData,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';

const SHARD = 'data-00000-of-00001.arrow';
const FINGERPRINT = '6a73777269746572'; // fixed 16 hex chars ("jswriter" in hex)

// ---------------------------------------------------------------------------
// Python-json-compatible serialisation (what `datasets` produces).
// ---------------------------------------------------------------------------

// Python json.dumps default is ensure_ascii=True: escape every non-ASCII UTF-16 unit as \uXXXX.
const asciiEscape = (s) =>
  s.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));

// json.dumps(obj) with default separators (', ', ': '), no sorting.
function pyDumps(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return '[' + v.map(pyDumps).join(', ') + ']';
  if (typeof v === 'object') {
    return '{' + Object.entries(v).map(([k, x]) => asciiEscape(JSON.stringify(k)) + ': ' + pyDumps(x)).join(', ') + '}';
  }
  if (typeof v === 'string') return asciiEscape(JSON.stringify(v));
  return JSON.stringify(v);
}

// json.dump(obj, f, indent=2): same layout as JSON.stringify(obj, null, 2) plus ensure_ascii; no trailing newline.
const pyDumpIndent2 = (v) => asciiEscape(JSON.stringify(v, null, 2));

// ---------------------------------------------------------------------------
// Schema + Hugging Face features.
// ---------------------------------------------------------------------------

// pyarrow / datasets conventions: every field nullable, list child named "item".
const f = (name, type) => new Field(name, type, true);
const messageType = () => new Struct([f('content', new Utf8()), f('role', new Utf8())]);

const columns = [
  ['id', new Utf8()],
  ['issue_description', new LargeUtf8()],
  ['for_question', new Utf8()],
  ['against_question', new Utf8()],
  ['issue_scale', new Int64()],
  ['category', new Utf8()],
  ['score', new Float64()],
  ['flagged', new Bool()],
  ['for_prompt', new List(f('item', messageType()))],
  ['for_response', messageType()],
  ['tags', new List(f('item', new Utf8()))],
];

const value = (dtype) => ({ dtype, _type: 'Value' });
const message = () => ({ content: value('string'), role: value('string') });
const features = {
  id: value('string'),
  issue_description: value('large_string'),
  for_question: value('string'),
  against_question: value('string'),
  issue_scale: value('int64'),
  category: value('string'),
  score: value('float64'),
  flagged: value('bool'),
  for_prompt: [message()],
  for_response: message(),
  tags: [value('string')],
};

// ---------------------------------------------------------------------------
// Rows.
// ---------------------------------------------------------------------------

const sys = { content: 'be honest', role: 'system' };
const rows = [
  {
    id: 'js-1',
    issue_description: 'Should cities ban cars from their historic centres?',
    for_question: 'Why should cities ban cars from historic centres?',
    against_question: 'Why should cities keep cars in historic centres?',
    issue_scale: 1n,
    category: 'urban',
    score: 0.5,
    flagged: false,
    for_prompt: [sys, { content: 'Explain why cities should ban cars.', role: 'user' }],
    for_response: { content: 'Less noise, cleaner air.', role: 'assistant' },
    tags: ['transport', 'policy'],
  },
  {
    id: 'js-2',
    issue_description: 'Is a café — naïve or not — obliged to list allergens? «Ünïcödé» ✓ 日本語 😀',
    for_question: 'Why must a café list allergens?',
    against_question: 'Why should a café not have to list allergens?',
    issue_scale: 2n,
    category: null,
    score: -1.25,
    flagged: true,
    for_prompt: [sys, { content: 'Explain why a café — naïve — must list allergens.', role: 'user' }],
    for_response: null,
    tags: [],
  },
  {
    id: 'js-3',
    issue_description: 'Line one\nLine two with "quotes", a tab\tand a backslash \\.',
    for_question: 'Why support multi-line input?',
    against_question: 'Why reject multi-line input?',
    issue_scale: 3n,
    category: 'formatting',
    score: null,
    flagged: false,
    for_prompt: [{ content: 'Explain why...', role: 'user' }],
    for_response: { content: '', role: 'assistant' },
    tags: ['escape'],
  },
  {
    id: 'js-4',
    issue_description: '',
    for_question: 'Why allow empty descriptions?',
    against_question: 'Why forbid empty descriptions?',
    issue_scale: 4n,
    category: 'edge',
    score: 0,
    flagged: true,
    for_prompt: [],
    for_response: { content: null, role: 'assistant' },
    tags: ['a', 'b', 'c'],
  },
  {
    id: 'js-5',
    issue_description: 'Should remote work be the default?',
    for_question: 'Why should remote work be the default?',
    against_question: 'Why should office work be the default?',
    issue_scale: 5n,
    category: 'work',
    score: 1e-3,
    flagged: false,
    for_prompt: [sys, { content: 'Explain why remote work should be the default.', role: 'user' }],
    for_response: { content: 'Flexibility.', role: 'assistant' },
    tags: ['work'],
  },
];

// ---------------------------------------------------------------------------
// Write.
// ---------------------------------------------------------------------------

function main(argv) {
  if (argv.length !== 1) {
    process.stderr.write('usage: node write-fixture.mjs <out-folder>\n');
    process.exit(2);
  }
  const out = argv[0];

  const metadata = new Map([['huggingface', pyDumps({ info: { features } })]]);
  const schema = new Schema(columns.map(([name, type]) => f(name, type)), metadata);

  const children = columns.map(([name, type]) => {
    const vec = vectorFromArray(rows.map((r) => r[name]), type);
    if (vec.data.length !== 1) throw new Error(`column ${name} built into ${vec.data.length} chunks`);
    return vec.data[0];
  });
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children }),
  );
  const table = new Table(schema, [batch]);
  const bytes = tableToIPC(table, 'stream');

  const datasetInfo = { citation: '', description: '', features, homepage: '', license: '' };
  // `datasets` writes state.json with sort_keys=True; these keys are already in sorted order.
  const state = {
    _data_files: [{ filename: SHARD }],
    _fingerprint: FINGERPRINT,
    _format_columns: null,
    _format_kwargs: {},
    _format_type: null,
    _output_all_columns: false,
    _split: null,
  };

  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, SHARD), bytes);
  writeFileSync(join(out, 'dataset_info.json'), pyDumpIndent2(datasetInfo));
  writeFileSync(join(out, 'state.json'), pyDumpIndent2(state));
  process.stderr.write(`wrote ${rows.length} rows (${bytes.length} bytes) to ${join(out, SHARD)}\n`);
}

try {
  main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`write-fixture: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
}
