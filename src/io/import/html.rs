//! Text that other tools write as HTML (draw.io labels, Threagile's risk titles): read as plain
//! text, since Strider's fields are plain and every writer escapes them again.

/// A label as text: HTML tags dropped, line breaks as spaces, entities decoded.
pub(crate) fn plain(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut in_tag = false;
    let mut tag = String::new();
    for c in value.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let t = tag.to_lowercase();
                if t.starts_with("br") || t.starts_with("/div") || t.starts_with("/p") {
                    out.push(' ');
                }
            }
            _ if in_tag => tag.push(c),
            _ => out.push(c),
        }
    }
    let out = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn labels_lose_their_html() {
        assert_eq!(plain("Web<br>App &amp; <b>API</b>"), "Web App & API");
        assert_eq!(plain("<div>a</div><div>b</div>"), "a b");
    }
}
