// Starts the Web Worker: load wasm-bindgen's glue, then the worker's WebAssembly module.
importScripts('./worker.js');
wasm_bindgen({ module_or_path: './worker_bg.wasm' });
