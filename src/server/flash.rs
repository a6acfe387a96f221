//! Sealed flash messages: a one-time message that carries a secret (a new API token, a customer
//! link) must not rest in plain text in the sessions table. The message is XORed with a random pad
//! of its own length; the session keeps only the ciphertext, the browser only the pad (an HttpOnly
//! cookie that lives minutes). The next page joins them, shows the message and drops both. A pad
//! used once is unbreakable, so a copy of the database or of the cookie alone reveals nothing.
use rand::RngCore;

/// The session key of the one-time flash message (plain or sealed).
pub const FLASH_KEY: &str = "flash";
/// The cookie that holds the pad between the action and the page it returns to.
pub const PAD_COOKIE: &str = "aftersale_flash_pad";
/// What marks a sealed message in the session.
const SEALED: &str = "sealed:";

/// (what the session stores, the pad for the cookie), both hex.
pub fn seal(message: &str) -> (String, String) {
    let mut pad = vec![0u8; message.len()];
    rand::thread_rng().fill_bytes(&mut pad);
    let cipher: Vec<u8> = message.bytes().zip(&pad).map(|(m, p)| m ^ p).collect();
    (format!("{SEALED}{}", hex::encode(cipher)), hex::encode(pad))
}

/// Whether a stored flash message is sealed.
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(SEALED)
}

/// The message, when `pad` is the one it was sealed with; `None` for anything else.
pub fn unseal(stored: &str, pad: &str) -> Option<String> {
    let cipher = hex::decode(stored.strip_prefix(SEALED)?).ok()?;
    let pad = hex::decode(pad).ok()?;
    if cipher.len() != pad.len() {
        return None;
    }
    String::from_utf8(cipher.iter().zip(&pad).map(|(c, p)| c ^ p).collect()).ok()
}

/// The `Set-Cookie` value that hands the pad to the browser for the next page (five minutes).
pub fn pad_cookie(pad: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{PAD_COOKIE}={pad}; Path=/; HttpOnly; SameSite=Lax; Max-Age=300{secure}")
}

/// The `Set-Cookie` value that removes the pad once its message was shown.
pub fn clear_pad_cookie() -> String {
    format!("{PAD_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The pad cookie's value from a request's `Cookie` headers.
pub fn pad_from(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(PAD_COOKIE)?.strip_prefix('=').map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_message_holds_no_plain_text_and_opens_only_with_its_pad() {
        let secret = "token:as_live_0123456789abcdef0123456789abcdef";
        let (stored, pad) = seal(secret);
        assert!(is_sealed(&stored));
        assert!(!stored.contains("0123456789abcdef"));
        assert_eq!(unseal(&stored, &pad).as_deref(), Some(secret));
        let (_, other_pad) = seal(secret);
        assert_ne!(unseal(&stored, &other_pad).as_deref(), Some(secret));
        assert_eq!(unseal(&stored, "zz"), None);
        assert_eq!(unseal("plain message", &pad), None);
    }

    #[test]
    fn the_pad_is_found_among_other_cookies() {
        let mut h = axum::http::HeaderMap::new();
        h.insert("cookie", "aftersale_session=abc; aftersale_flash_pad=00ff; x=1".parse().unwrap());
        assert_eq!(pad_from(&h).as_deref(), Some("00ff"));
    }
}
