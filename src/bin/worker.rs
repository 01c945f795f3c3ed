//! The Web Worker's entry point (built by Trunk with `data-type="worker"`): start serving
//! jobs. The runner lives in `kefu_workbench::worker`.

fn main() {
    console_error_panic_hook::set_once();
    kefu_workbench::worker::start();
}
