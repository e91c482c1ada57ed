"""fastText's model files, read and applied without the binding: the text model's predict.

The binding's `predict` spends most of its 19 µs a line outside the arithmetic (a stream and a
string per n-gram, a hash map for the pruned n-grams, Python lists for every line's result).
Here a model file (`.bin` or quantized `.ftz`, format version 12) is read into arrays once, and
compiled code walks the lines as fastText does: the same tokens, hashes, rows and float32 sums,
so the same probabilities (tests/test_fasttext_file.py holds it to the binding's). Training stays
with the binding (segmenter.text_model).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numba
import numpy as np

MAGIC = 793712314
VERSION = 12
EOS = b"</s>"
LABEL_PREFIX = b"__label__"
# fastText's enums as its files store them.
_SOFTMAX_LOSS = 3
_SUPERVISED = 3
_LABEL_ENTRY = 1
# Args: dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket, minn, maxn, lrUpdateRate, t.
_ARGS = struct.Struct("<12id")
_COUNTS = struct.Struct("<3i2q")  # size, nwords, nlabels, ntokens, pruneidx_size
_CENTROIDS_PER_SUBQUANTIZER = 256  # fastText's product quantizer: one byte per code


class ModelFileError(ValueError):
    """A file that is not a fastText model this module can apply."""


@dataclass(frozen=True, eq=False)
class FastTextFile:
    """A supervised fastText model as arrays: the dictionary, the n-gram buckets it kept, the
    input rows (dequantized, bit for bit what fastText adds) and the output matrix."""

    labels: tuple[str, ...]  # without the label prefix, in the output matrix's row order
    minn: int
    maxn: int
    word_ngrams: int
    bucket: int
    nwords: int
    word_bytes: np.ndarray  # uint8: the dictionary's entries, one after another
    word_starts: np.ndarray  # int64, size + 1 bounds into word_bytes
    word_is_label: np.ndarray  # bool per entry
    table: np.ndarray  # int32 open-addressing table of entry ids by FNV hash, -1 empty
    bucket_rows: np.ndarray  # int32 per hash bucket: its input row minus nwords, -1 if pruned away
    eos: int  # the entry id of the end-of-line token, -1 if the dictionary lost it
    rows: np.ndarray  # float32 (nwords + kept buckets, dim)
    output: np.ndarray  # float32 (labels, dim)

    @classmethod
    def parse(cls, data: bytes) -> FastTextFile:
        """The model in a file's bytes; ModelFileError if they are not one this module reads."""
        try:
            return _parse(data)
        except (struct.error, ValueError, IndexError) as error:  # sizes past the end, bad magic, ...
            raise ModelFileError(str(error)) from None

    def predict_proba(self, texts: list[bytes]) -> np.ndarray:
        """Per text (UTF-8, no line break), fastText's probability of each label (columns in
        `labels` order) as the binding returns it: p + 1e-5 through float32 logs. A text that
        reaches no row (nothing of it was kept) gets zeros, as the binding gives it no prediction."""
        joined = b"".join(texts)
        bounds = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum([len(text) for text in texts], out=bounds[1:])
        return _predict(np.frombuffer(joined, dtype=np.uint8), bounds, self.word_bytes, self.word_starts,
                        self.word_is_label, self.table, self.bucket_rows, self.eos, self.nwords, self.minn,
                        self.maxn, self.word_ngrams, self.bucket, self.rows, self.output)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def unpack(self, layout: struct.Struct) -> tuple:
        values = layout.unpack_from(self.data, self.at)
        self.at += layout.size
        return values

    def array(self, dtype: type, count: int) -> np.ndarray:
        values = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.at)
        self.at += values.nbytes
        return values


def _parse(data: bytes) -> FastTextFile:
    reader = _Reader(data)
    magic, version = reader.unpack(struct.Struct("<2i"))
    if magic != MAGIC or version != VERSION:
        raise ValueError(f"magic {magic} version {version}, expected {MAGIC} version {VERSION}")
    dim, _, _, _, _, word_ngrams, loss, model, bucket, minn, maxn, _, _ = reader.unpack(_ARGS)
    if loss != _SOFTMAX_LOSS or model != _SUPERVISED:
        raise ValueError(f"loss {loss} and model {model}: only supervised softmax models are read")
    size, nwords, nlabels, _, prune_size = reader.unpack(_COUNTS)
    word_bytes, word_starts, word_is_label = _entries(reader, size)
    bucket_rows = _bucket_rows(reader, prune_size, bucket)
    (quantized,) = reader.unpack(struct.Struct("<?"))
    rows = _quantized_rows(reader) if quantized else _dense_rows(reader)
    (quantized_output,) = reader.unpack(struct.Struct("<?"))
    if quantized_output:  # fastText multiplies such rows code by code: another sum than a dense dot
        raise ValueError("a quantized output matrix (quantize -qout) is not read")
    output = _dense_rows(reader)
    if rows.shape[1] != dim or output.shape != (nlabels, dim) or size != nwords + nlabels:
        raise ValueError("the matrices do not match the dictionary")
    labels = tuple(bytes(word_bytes[word_starts[i]:word_starts[i + 1]]).decode()[len(LABEL_PREFIX):]
                   for i in range(nwords, size))
    table = _table(word_bytes, word_starts)
    eos = _lookup(_EOS_BYTES, 0, len(EOS), word_bytes, word_starts, table)
    return FastTextFile(labels, minn, maxn, word_ngrams, bucket, nwords, word_bytes, word_starts, word_is_label,
                        table, bucket_rows, eos, rows, output)


def _entries(reader: _Reader, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each entry: its bytes, a zero byte, an int64 count and an int8 type."""
    chunks, starts, is_label = [], [0], []
    for _ in range(size):
        end = reader.data.index(b"\0", reader.at)
        chunks.append(reader.data[reader.at:end])
        starts.append(starts[-1] + end - reader.at)
        is_label.append(reader.data[end + 9] == _LABEL_ENTRY)
        reader.at = end + 10
    return (np.frombuffer(b"".join(chunks), dtype=np.uint8).copy(), np.array(starts, dtype=np.int64),
            np.array(is_label, dtype=np.bool_))


def _bucket_rows(reader: _Reader, prune_size: int, bucket: int) -> np.ndarray:
    """fastText's pruneidx: -1 means none pruned (every bucket its own row), 0 that none was kept."""
    if prune_size < 0:
        return np.arange(bucket, dtype=np.int32)
    rows = np.full(bucket, -1, dtype=np.int32)
    pairs = reader.array(np.int32, 2 * prune_size).reshape(-1, 2)
    rows[pairs[:, 0]] = pairs[:, 1]
    return rows


def _dense_rows(reader: _Reader) -> np.ndarray:
    m, n = reader.unpack(struct.Struct("<2q"))
    return reader.array(np.float32, m * n).reshape(m, n)


def _quantized_rows(reader: _Reader) -> np.ndarray:
    """Each row as fastText's QuantMatrix adds it to a vector: norm × centroid, in float32."""
    qnorm, m, n, codesize = reader.unpack(struct.Struct("<?2qi"))
    codes = reader.array(np.uint8, codesize)
    centroids = _quantizer(reader)
    norms = np.ones(m, dtype=np.float32)
    if qnorm:  # each row's norm: a code of its own, from a one-dimensional quantizer written after them
        norm_codes = reader.array(np.uint8, m)
        norms = _quantizer(reader)[-1][norm_codes, 0]
    codes = codes.reshape(m, len(centroids))
    rows = np.hstack([table[codes[:, sub]] for sub, table in enumerate(centroids)])
    if rows.shape != (m, n):
        raise ValueError("the quantizer does not match the matrix")
    return rows * norms[:, None]


def _quantizer(reader: _Reader) -> list[np.ndarray]:
    """A product quantizer's centroids, one (256, width) table per sub-quantizer."""
    dim, nsubq, dsub, lastdsub = reader.unpack(struct.Struct("<4i"))
    values = reader.array(np.float32, dim * _CENTROIDS_PER_SUBQUANTIZER)
    k = _CENTROIDS_PER_SUBQUANTIZER
    tables = [values[sub * k * dsub:(sub + 1) * k * dsub].reshape(k, dsub) for sub in range(nsubq - 1)]
    tables.append(values[(nsubq - 1) * k * dsub:].reshape(k, lastdsub))
    return tables


_FNV_OFFSET = np.uint32(2166136261)
_FNV_PRIME = np.uint32(16777619)
# Each byte as fastText hashes it: through int8_t, so 0x80-0xFF sign-extend to 32 bits.
_SIGN_EXTENDED = np.array([b if b < 128 else b | 0xFFFFFF00 for b in range(256)], dtype=np.uint32)
_EOS_BYTES = np.frombuffer(EOS, dtype=np.uint8)
_LABEL_PREFIX_BYTES = np.frombuffer(LABEL_PREFIX, dtype=np.uint8)


@numba.njit(cache=True, inline="always")
def _fnv_step(h: np.uint32, byte: int) -> np.uint32:
    """One byte into fastText's hash (FNV-1a), the byte sign-extended first (its int8_t cast)."""
    return np.uint32((h ^ _SIGN_EXTENDED[byte]) * _FNV_PRIME)  # numba widens: wrap as C++ does


@numba.njit(cache=True)
def _fnv(data: np.ndarray, start: int, end: int) -> int:
    """fastText's hash of data[start:end]."""
    h = _FNV_OFFSET
    for i in range(start, end):
        h = _fnv_step(h, data[i])
    return np.int64(h)


@numba.njit(cache=True)
def _table(word_bytes: np.ndarray, word_starts: np.ndarray) -> np.ndarray:
    size = len(word_starts) - 1
    slots = 1
    while slots < 2 * size + 1:
        slots *= 2
    table = np.full(slots, -1, dtype=np.int32)
    for entry in range(size):
        slot = _fnv(word_bytes, word_starts[entry], word_starts[entry + 1]) & (slots - 1)
        while table[slot] >= 0:
            slot = (slot + 1) & (slots - 1)
        table[slot] = entry
    return table


@numba.njit(cache=True)
def _lookup(data: np.ndarray, start: int, end: int, word_bytes: np.ndarray, word_starts: np.ndarray,
            table: np.ndarray) -> int:
    """The entry id of data[start:end], -1 if the dictionary lacks it."""
    mask = len(table) - 1
    slot = _fnv(data, start, end) & mask
    while table[slot] >= 0:
        entry = table[slot]
        low, high = word_starts[entry], word_starts[entry + 1]
        if high - low == end - start:
            same = True
            for i in range(end - start):
                if word_bytes[low + i] != data[start + i]:
                    same = False
                    break
            if same:
                return entry
        slot = (slot + 1) & mask
    return -1


@numba.njit(cache=True, inline="always")
def _is_separator(byte: int) -> bool:
    # fastText's readWord: space, \n, \r, \t, \v, \f and \0 end a token.
    return byte == 32 or byte == 10 or byte == 13 or byte == 9 or byte == 11 or byte == 12 or byte == 0


@numba.njit(cache=True, inline="always")
def _note(noted: np.ndarray, count: int, row: int) -> int:
    """Note a row to add, after `count` others; the new count."""
    noted[count] = row
    return count + 1


@numba.njit(cache=True)
def _add_subwords(noted: np.ndarray, added: int, word: np.ndarray, length: int, minn: int, maxn: int, bucket: int,
                  bucket_rows: np.ndarray, nwords: int) -> int:
    """fastText's computeSubwords over word[:length] ("<token>"): the rows of its character n-grams."""
    modulus = np.uint32(bucket)
    for i in range(length):
        if word[i] & 0xC0 == 0x80:
            continue
        h = _FNV_OFFSET  # grown a byte at a time as the n-gram grows
        j, n = i, 1
        while j < length and n <= maxn:
            h = _fnv_step(h, word[j])
            j += 1
            while j < length and word[j] & 0xC0 == 0x80:  # the character's continuation bytes
                h = _fnv_step(h, word[j])
                j += 1
            if n >= minn and not (n == 1 and (i == 0 or j == length)):
                row = bucket_rows[h % modulus]
                if row >= 0:
                    added = _note(noted, added, nwords + row)
            n += 1
    return added


@numba.njit(cache=True)
def _predict(data: np.ndarray, bounds: np.ndarray, word_bytes: np.ndarray, word_starts: np.ndarray,
             word_is_label: np.ndarray, table: np.ndarray, bucket_rows: np.ndarray, eos: int, nwords: int,
             minn: int, maxn: int, word_ngrams: int, bucket: int, rows: np.ndarray, output: np.ndarray
             ) -> np.ndarray:
    texts, labels, dim = len(bounds) - 1, output.shape[0], rows.shape[1]
    probabilities = np.zeros((texts, labels), dtype=np.float32)
    hidden = np.zeros(dim, dtype=np.float32)
    logits = np.zeros(labels, dtype=np.float32)
    longest = 0
    for t in range(texts):
        longest = max(longest, bounds[t + 1] - bounds[t])
    hashes = np.zeros(longest + 2, dtype=np.int64)
    word = np.zeros(longest + 2, dtype=np.uint8)
    # at most: a row per token, per character n-gram of "<token>", per word n-gram, and the line's end
    noted = np.zeros((2 * longest + 2) * (maxn + 1) + longest * (word_ngrams + 1) + 8, dtype=np.uint64)
    eos_hash = _fnv(_EOS_BYTES, 0, len(_EOS_BYTES))
    for t in range(texts):
        hidden[:] = 0
        added, words = 0, 0
        position, end = bounds[t], bounds[t + 1]
        while position < end:
            if _is_separator(data[position]):
                position += 1
                continue
            token_end = position
            while token_end < end and not _is_separator(data[token_end]):
                token_end += 1
            if _same(data, position, token_end, _EOS_BYTES):  # fastText ends the line at its end token
                break
            entry = _lookup(data, position, token_end, word_bytes, word_starts, table)
            is_label = word_is_label[entry] if entry >= 0 else _starts_with(data, position, token_end, _LABEL_PREFIX_BYTES)
            if not is_label:
                if entry >= 0:
                    added = _note(noted, added, entry)
                word[0] = 60  # "<"
                word[1:token_end - position + 1] = data[position:token_end]
                word[token_end - position + 1] = 62  # ">"
                added = _add_subwords(noted, added, word, token_end - position + 2, minn, maxn, bucket,
                                      bucket_rows, nwords)
                hashes[words] = _signed(_fnv(data, position, token_end))
                words += 1
            position = token_end
        if eos >= 0:  # the line's end: its own row, no n-grams
            added = _note(noted, added, eos)
        hashes[words] = _signed(eos_hash)
        words += 1
        added = _add_word_ngrams(noted, added, hashes, words, word_ngrams, bucket, bucket_rows, nwords)
        # The line's rows are noted first and summed here, in fastText's order: the sums' loads do
        # not wait on the hashing, so the processor fetches many rows from memory at once (the
        # text model took 0.94-1.07 s instead of 1.53 on 117,004 lines: docs/MODEL.md, Speed).
        for k in range(added):
            row = noted[k]
            for j in range(dim):
                hidden[j] += rows[row, j]
        if added:
            _softmax(hidden, np.float32(1.0 / added), output, logits)
            for k in range(labels):
                probabilities[t, k] = np.exp(np.float32(np.log(np.float64(logits[k]) + 1e-5)))
    return probabilities


@numba.njit(cache=True, inline="always")
def _signed(h: int) -> int:
    """A uint32 hash as fastText's int32 word hashes hold it."""
    return h - 4294967296 if h >= 2147483648 else h


@numba.njit(cache=True)
def _same(data: np.ndarray, start: int, end: int, word: np.ndarray) -> bool:
    return end - start == len(word) and _starts_with(data, start, end, word)


@numba.njit(cache=True)
def _starts_with(data: np.ndarray, start: int, end: int, prefix: np.ndarray) -> bool:
    if end - start < len(prefix):
        return False
    for i in range(len(prefix)):
        if data[start + i] != prefix[i]:
            return False
    return True


@numba.njit(cache=True)
def _add_word_ngrams(noted: np.ndarray, added: int, hashes: np.ndarray, words: int, word_ngrams: int, bucket: int,
                     bucket_rows: np.ndarray, nwords: int) -> int:
    """fastText's addWordNgrams: uint64 arithmetic on the sign-extended int32 word hashes."""
    multiplier = np.uint64(116049371)
    for i in range(words):
        h = np.uint64(hashes[i])
        for j in range(i + 1, min(words, i + word_ngrams)):
            h = h * multiplier + np.uint64(hashes[j])
            row = bucket_rows[np.int64(h % np.uint64(bucket))]
            if row >= 0:
                added = _note(noted, added, nwords + row)
    return added


@numba.njit(cache=True)
def _softmax(hidden: np.ndarray, scale: np.float32, output: np.ndarray, logits: np.ndarray) -> None:
    """fastText's SoftmaxLoss.computeOutput on the mean of the rows."""
    for j in range(hidden.shape[0]):
        hidden[j] *= scale
    for k in range(output.shape[0]):
        total = np.float32(0.0)
        for j in range(hidden.shape[0]):
            total += output[k, j] * hidden[j]
        logits[k] = total
    top = logits.max()
    z = np.float32(0.0)
    for k in range(output.shape[0]):
        logits[k] = np.exp(logits[k] - top)
        z += logits[k]
    for k in range(output.shape[0]):
        logits[k] /= z
