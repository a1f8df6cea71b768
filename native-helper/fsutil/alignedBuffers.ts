// Node has WebAssembly; neither the ES2022 lib nor @types/node 20 declares it.
declare const WebAssembly: { Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer } };

const WASM_PAGE_BYTES = 64 * 1024;

/**
 * `count` buffers of `size` bytes each starting on a page boundary. On this project's machines the kernel's
 * copy into a buffer that does not start on a 64-byte boundary runs at about a third of the speed:
 * a large `Buffer.allocUnsafeSlow` (here from 256 KiB) is its own mmap behind malloc's 16-byte header, so
 * every read into it is misaligned (1 MiB reads of a cached file: ~1.3-1.8 GB/s, against ~4-6 GB/s from the same
 * offset + 48). A WebAssembly memory is page-aligned; `size` should be a multiple of 64 to keep them all so.
 */
export function alignedBuffers(count: number, size: number): Buffer[] {
  const memory = new WebAssembly.Memory({ initial: Math.ceil((count * size) / WASM_PAGE_BYTES) });
  return Array.from({ length: count }, (_, i) => Buffer.from(memory.buffer, i * size, size));
}
