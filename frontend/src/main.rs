//! The client-side-only build served by Trunk for fast UI work: the same `App`, rendered in
//! the browser, calling the server functions of a running Passerelle through Trunk's proxy.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
