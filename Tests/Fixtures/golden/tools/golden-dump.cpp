// Writes llama.cpp's reference outputs for one model and a list of prompts, in the layout of
// Tests/Fixtures/golden (see its README): for prompt number N, pNN.json and pNN.logits.f32.
//
//   golden-dump MODEL.gguf PROMPTS.jsonl OUT_DIR GREEDY_STEPS [THREADS]
//
// PROMPTS.jsonl holds one JSON string per line. Built and run by ../regenerate against libllama.
#include "llama.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

// The prompts file holds JSON strings only; this decodes the escapes JSON allows.
static std::string json_string(const std::string & line) {
    std::string out;
    size_t i = line.find('"') + 1;
    while (i < line.size() && line[i] != '"') {
        char c = line[i++];
        if (c != '\\') { out += c; continue; }
        char e = line[i++];
        switch (e) {
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            case 'r': out += '\r'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'u': {
                unsigned cp = std::stoul(line.substr(i, 4), nullptr, 16);
                i += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && line.compare(i, 2, "\\u") == 0) {
                    unsigned lo = std::stoul(line.substr(i + 2, 4), nullptr, 16);
                    i += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                if (cp < 0x80) { out += char(cp); }
                else if (cp < 0x800) { out += char(0xC0 | (cp >> 6)); out += char(0x80 | (cp & 0x3F)); }
                else if (cp < 0x10000) { out += char(0xE0 | (cp >> 12)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
                else { out += char(0xF0 | (cp >> 18)); out += char(0x80 | ((cp >> 12) & 0x3F)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
                break;
            }
            default: out += e;
        }
    }
    return out;
}

static std::string json_escape(const std::string & s) {
    std::ostringstream o;
    for (unsigned char c : s) {
        switch (c) {
            case '"': o << "\\\""; break;
            case '\\': o << "\\\\"; break;
            case '\n': o << "\\n"; break;
            case '\t': o << "\\t"; break;
            case '\r': o << "\\r"; break;
            default:
                if (c < 0x20) { char b[8]; snprintf(b, sizeof b, "\\u%04x", c); o << b; }
                else { o << c; }
        }
    }
    return o.str();
}

int main(int argc, char ** argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s MODEL.gguf PROMPTS.jsonl OUT_DIR GREEDY_STEPS [THREADS]\n", argv[0]);
        return 2;
    }
    const std::string out_dir = argv[3];
    const int steps = std::stoi(argv[4]);
    const int threads = argc > 5 ? std::stoi(argv[5]) : 2;

    llama_backend_init();
    llama_model * model = llama_model_load_from_file(argv[1], llama_model_default_params());
    if (!model) { fprintf(stderr, "cannot load %s\n", argv[1]); return 1; }
    const llama_vocab * vocab = llama_model_get_vocab(model);
    const int n_vocab = llama_vocab_n_tokens(vocab);

    std::ifstream prompts(argv[2]);
    std::string line;
    for (int index = 0; std::getline(prompts, line); ++index) {
        if (line.empty()) { continue; }
        const std::string prompt = json_string(line);
        std::vector<llama_token> tokens(prompt.size() + 8);
        const int n = llama_tokenize(vocab, prompt.c_str(), (int) prompt.size(), tokens.data(), (int) tokens.size(),
                                     /*add_special*/ true, /*parse_special*/ true);
        tokens.resize(n);

        llama_context_params params = llama_context_default_params();
        params.n_ctx = n + steps + 8;
        params.n_batch = params.n_ctx;
        params.n_ubatch = params.n_ctx;
        params.n_threads = threads;
        params.n_threads_batch = threads;
        llama_context * ctx = llama_init_from_model(model, params);
        if (llama_decode(ctx, llama_batch_get_one(tokens.data(), n)) != 0) { fprintf(stderr, "decode failed\n"); return 1; }
        std::vector<float> first(llama_get_logits_ith(ctx, -1), llama_get_logits_ith(ctx, -1) + n_vocab);

        std::vector<int> order(n_vocab);
        for (int i = 0; i < n_vocab; ++i) { order[i] = i; }
        std::partial_sort(order.begin(), order.begin() + 20, order.end(), [&](int a, int b) { return first[a] > first[b]; });

        std::vector<llama_token> greedy;
        std::vector<float> margins;
        std::string text;
        const float * logits = first.data();
        for (int step = 0; step < steps; ++step) {
            int best = 0, second = -1;
            for (int i = 1; i < n_vocab; ++i) {
                if (logits[i] > logits[best]) { second = best; best = i; }
                else if (second < 0 || logits[i] > logits[second]) { second = i; }
            }
            greedy.push_back(best);
            margins.push_back(logits[best] - logits[second]);
            char piece[256];
            const int len = llama_token_to_piece(vocab, best, piece, sizeof piece, 0, /*special*/ true);
            if (len > 0) { text.append(piece, len); }
            if (llama_vocab_is_eog(vocab, best)) { break; }
            llama_token next = best;
            if (llama_decode(ctx, llama_batch_get_one(&next, 1)) != 0) { fprintf(stderr, "decode failed\n"); return 1; }
            logits = llama_get_logits_ith(ctx, -1);
        }
        llama_free(ctx);

        char name[32];
        snprintf(name, sizeof name, "p%02d", index);
        std::ofstream json(out_dir + "/" + name + ".json");
        json << "{\"prompt\": \"" << json_escape(prompt) << "\",\n \"prompt_tokens\": [";
        for (int i = 0; i < n; ++i) { json << (i ? "," : "") << tokens[i]; }
        json << "],\n \"top20\": [";
        for (int i = 0; i < 20; ++i) { json << (i ? "," : "") << "[" << order[i] << "," << first[order[i]] << "]"; }
        json << "],\n \"greedy_tokens\": [";
        for (size_t i = 0; i < greedy.size(); ++i) { json << (i ? "," : "") << greedy[i]; }
        json << "],\n \"greedy_margins\": [";
        for (size_t i = 0; i < margins.size(); ++i) { json << (i ? "," : "") << margins[i]; }
        json << "],\n \"greedy_text_hex\": \"";
        for (unsigned char c : text) { char b[3]; snprintf(b, sizeof b, "%02x", c); json << b; }
        json << "\"}\n";
        std::ofstream raw(out_dir + "/" + name + ".logits.f32", std::ios::binary);
        raw.write(reinterpret_cast<const char *>(first.data()), first.size() * sizeof(float));
    }
    llama_model_free(model);
    llama_backend_free();
    return 0;
}
