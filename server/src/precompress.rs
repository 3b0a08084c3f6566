//! `passerelle precompress`: writes `<file>.br` (brotli at quality 11, the window `brotli -q 11`
//! uses) beside every JavaScript, WebAssembly and CSS file of the site's package folder, so that
//! what a browser downloads is the smallest brotli gives, and no request pays for compressing
//! it. The build scripts run it after each release build; the `/pkg` service sends the `.br`
//! to a browser that accepts it (`Accept-Encoding: br`), the file itself otherwise.

use std::path::{Path, PathBuf};

/// The files worth compressing: what pages download.
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("js" | "wasm" | "css" | "svg" | "json" | "webmanifest")
    )
}

/// Compresses one file to `<file>.br`, written whole under a temporary name first, so that a
/// server reading the folder never sends half a file.
fn compress(path: &Path) -> std::io::Result<(u64, u64)> {
    let input = std::fs::read(path)?;
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        ..Default::default()
    };
    let mut output = Vec::with_capacity(input.len() / 3);
    brotli::BrotliCompress(&mut input.as_slice(), &mut output, &params)?;
    let target = with_suffix(path, ".br");
    let partial = with_suffix(path, ".br.partial");
    std::fs::write(&partial, &output)?;
    std::fs::rename(&partial, &target)?;
    Ok((input.len() as u64, output.len() as u64))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Compresses every file of `dir` that has no `.br` newer than itself; returns each file
/// compressed with its size before and after.
pub fn precompress_dir(dir: &Path) -> std::io::Result<Vec<(PathBuf, u64, u64)>> {
    let mut done = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && compressible(p))
        .collect();
    entries.sort();
    for path in entries {
        let br = with_suffix(&path, ".br");
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        if matches!((modified(&path), modified(&br)), (Some(f), Some(b)) if b >= f) {
            continue;
        }
        let (before, after) = compress(&path)?;
        done.push((path, before, after));
    }
    Ok(done)
}

/// `passerelle precompress`: the site's package folder, as the server would serve it; prints
/// each file compressed and returns the process's exit code.
pub fn run() -> i32 {
    let options = match crate::startup::leptos_options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("Passerelle cannot precompress: {e}");
            return 2;
        }
    };
    let dir = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    match precompress_dir(&dir) {
        Ok(done) => {
            for (path, before, after) in done {
                println!("{}: {before} B, {after} B in brotli", path.display());
            }
            0
        }
        Err(e) => {
            eprintln!("precompress of {} failed: {e}", dir.display());
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn writes_a_brotli_file_that_reads_back_and_only_once() {
        let dir = std::env::temp_dir().join(format!("passerelle-br-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let js = dir.join("passerelle.abc.js");
        let text = "export function hydrate() { return 'Passerelle'; }\n".repeat(200);
        std::fs::write(&js, &text).unwrap();
        std::fs::write(dir.join("icon.png"), [0u8; 16]).unwrap();
        let done = precompress_dir(&dir).unwrap();
        assert_eq!(done.len(), 1, "only the script: {done:?}");
        assert!(done[0].2 < done[0].1 / 10, "{done:?}");
        let mut back = String::new();
        brotli::Decompressor::new(
            std::fs::File::open(dir.join("passerelle.abc.js.br")).unwrap(),
            4096,
        )
        .read_to_string(&mut back)
        .unwrap();
        assert_eq!(back, text);
        assert!(!dir.join("icon.png.br").exists());
        assert!(
            precompress_dir(&dir).unwrap().is_empty(),
            "up to date: nothing to do"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
