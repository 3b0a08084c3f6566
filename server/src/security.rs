//! Cross-site request checks for server functions, and the security headers of every response.

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::sync::Arc;

/// The origin of a URL as browsers write it in `Origin`: `scheme://host[:port]`, lower case,
/// without the default port. `None` for anything else, `null` included.
pub fn origin_of(url: &str) -> Option<String> {
    let uri: Uri = url.trim().parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = uri.host().filter(|h| !h.is_empty())?.to_ascii_lowercase();
    match uri.port_u16() {
        Some(443) if scheme == "https" => Some(format!("{scheme}://{host}")),
        Some(80) if scheme == "http" => Some(format!("{scheme}://{host}")),
        Some(port) => Some(format!("{scheme}://{host}:{port}")),
        None => Some(format!("{scheme}://{host}")),
    }
}

/// The origin of the public URL: the only one state-changing requests may come from, and
/// whether the site is served over HTTPS (then HSTS).
#[derive(Clone, Debug)]
pub struct PublicOrigin {
    origin: Arc<str>,
}

impl PublicOrigin {
    /// `public_url` is checked at start-up (`Settings`); an unreadable one lets no browser in.
    pub fn new(public_url: &str) -> PublicOrigin {
        PublicOrigin {
            origin: origin_of(public_url).unwrap_or_default().into(),
        }
    }

    pub fn is_https(&self) -> bool {
        self.origin.starts_with("https://")
    }

    /// `Sec-Fetch-Site` when the browser sends it (only `same-origin`, or `none` for what the
    /// person typed); otherwise `Origin`, else `Referer`, must be the public URL's origin.
    /// A request with none of these comes from a program, or from a browser too old to say:
    /// it passes only without cookies, since it then acts for nobody (every cookie Passerelle
    /// sets, the session and the appointment draft, is a browser's ambient state).
    pub fn allows(&self, headers: &HeaderMap) -> bool {
        if let Some(site) = headers.get("sec-fetch-site") {
            return matches!(site.to_str(), Ok("same-origin" | "none"));
        }
        match headers
            .get(header::ORIGIN)
            .or_else(|| headers.get(header::REFERER))
        {
            Some(claimed) => claimed
                .to_str()
                .ok()
                .and_then(origin_of)
                .is_some_and(|o| *o == *self.origin),
            None => !headers.contains_key(header::COOKIE),
        }
    }
}

/// Refuses state-changing requests that do not come from Passerelle's own pages (see
/// [`PublicOrigin::allows`]). SameSite=Lax cookies already stop most of them; this covers the
/// rest without breaking plain HTML form posts.
pub async fn reject_cross_site(
    State(own): State<PublicOrigin>,
    req: Request,
    next: Next,
) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD && !own.allows(req.headers()) {
        return (
            StatusCode::FORBIDDEN,
            "Requête refusée : elle ne provient pas de Passerelle.",
        )
            .into_response();
    }
    next.run(req).await
}

/// The Content-Security-Policy of a page, whose inline scripts (Leptos' hydration and resource
/// scripts) carry `nonce`, or of any other response (`None`: no inline script runs at all).
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )
}

/// Called in the context of every page Leptos renders: the nonce `security_headers` drew for
/// this request (in its extensions) replaces the one leptos_axum provides, so that every script
/// Leptos writes carries the nonce the middleware puts in the CSP header itself.
///
/// (The header used to travel through `ResponseOptions`; now and then, under load, a 403 page
/// came out with the no-inline-script policy and never hydrated. The middleware no longer
/// depends on it.)
pub fn page_policy() {
    use leptos::prelude::{provide_context, use_context};
    let drawn = use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<leptos::nonce::Nonce>().cloned());
    if let Some(nonce) = drawn {
        provide_context(nonce);
    }
}

/// Headers for every response; pages and server-function answers are never cached, since
/// they may hold personal data. HSTS when the public URL is HTTPS. `Server-Timing` gives the
/// time the server took (everything inside this layer).
pub async fn security_headers(
    State(own): State<PublicOrigin>,
    req: Request,
    next: Next,
) -> Response {
    let cacheable = req.uri().path().starts_with("/pkg/");
    let mut req = req;
    let nonce = leptos::nonce::Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let started = std::time::Instant::now();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // The server's own time for this answer (pages render whole before their headers leave):
    // what the benchmark reads, and what a browser's developer tools show.
    let micros = started.elapsed().as_micros();
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={}.{:03}", micros / 1000, micros % 1000))
    {
        h.insert("server-timing", v);
    }
    // A page (HTML) gets the policy naming its scripts' nonce; anything else allows no inline script.
    let is_html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        if let Ok(value) = HeaderValue::from_str(&content_security_policy(Some(&nonce))) {
            h.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        // The same for every response that is not a page: built once.
        static NO_INLINE_SCRIPT: std::sync::LazyLock<Option<HeaderValue>> =
            std::sync::LazyLock::new(|| HeaderValue::from_str(&content_security_policy(None)).ok());
        if let Some(value) = NO_INLINE_SCRIPT.as_ref() {
            h.insert(header::CONTENT_SECURITY_POLICY, value.clone());
        }
    }
    if own.is_https() {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    if cacheable {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    } else if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_scheme_host_and_port_without_the_default_one() {
        assert_eq!(
            origin_of("https://MonCompte.Passerelle.example:443/connexion").as_deref(),
            Some("https://moncompte.passerelle.example")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:3000").as_deref(),
            Some("http://127.0.0.1:3000")
        );
        assert_eq!(
            origin_of("http://localhost:80").as_deref(),
            Some("http://localhost")
        );
        assert_eq!(origin_of("null"), None);
        assert_eq!(origin_of("ftp://localhost"), None);
        assert_eq!(origin_of("localhost:3000"), None);
    }

    #[test]
    fn only_a_page_policy_names_a_nonce_and_none_allows_inline_scripts() {
        let page = content_security_policy(Some("abc"));
        assert!(
            page.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"),
            "{page}"
        );
        let other = content_security_policy(None);
        assert!(
            other.contains("script-src 'self' 'wasm-unsafe-eval';") && !other.contains("nonce"),
            "{other}"
        );
        assert!(!page.contains("unsafe-inline") && !other.contains("unsafe-inline"));
    }
}
