//! Small helpers over roxmltree for TMT's XML. Elements are matched by local name: TMT rebinds the
//! same prefixes to different namespaces in different parts of a file, and no two children of one
//! element share a local name across namespaces.

use roxmltree::Node;

pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

pub(crate) fn children<'a, 'i>(
    node: Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

pub(crate) fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

/// The text of a child element, with Windows line ends made plain; empty when missing or nil.
pub(crate) fn text_of(node: Node, name: &str) -> String {
    child(node, name).map(|c| text(c)).unwrap_or_default()
}

pub(crate) fn text(node: Node) -> String {
    let t = node.text().unwrap_or("").trim();
    if t.contains('\r') {
        t.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        t.to_owned()
    }
}

/// The local part of an `i:type` value ("b:StringDisplayAttribute" gives "StringDisplayAttribute").
pub(crate) fn xsi_type<'a>(node: Node<'a, '_>) -> &'a str {
    node.attributes()
        .find(|a| a.name() == "type")
        .map_or("", |a| a.value().rsplit(':').next().unwrap_or(""))
}

pub(crate) fn number_of(node: Node, name: &str) -> Option<f32> {
    text_of(node, name)
        .parse::<f32>()
        .ok()
        .filter(|f| f.is_finite())
        .map(|f| f.clamp(-1.0e6, 1.0e6))
}

/// The byte offset of the first character reference (`&#xD800;`, `&#1114112;`) that names no
/// character, outside comments and CDATA sections. roxmltree reads such a reference as U+FFFD
/// without a word; XML says the file is not well-formed, so Strider refuses it.
pub(crate) fn bad_char_ref(text: &str) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(step) = memchr_any(&bytes[i..]) {
        i += step;
        let rest = &text[i..];
        if let Some(after) = rest.strip_prefix("<!--") {
            i += 4 + after.find("-->").map_or(after.len(), |n| n + 3);
        } else if let Some(after) = rest.strip_prefix("<![CDATA[") {
            i += 9 + after.find("]]>").map_or(after.len(), |n| n + 3);
        } else if let Some(after) = rest.strip_prefix("&#") {
            let (digits, radix) = match after.strip_prefix('x') {
                Some(hex) => (hex, 16),
                None => (after, 10),
            };
            let end = digits
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(digits.len());
            let value = u32::from_str_radix(&digits[..end], radix).ok();
            if value.and_then(char::from_u32).is_none() {
                let reference = &rest[..(rest.len() - digits.len() + end + 1).min(rest.len())];
                let shown: String = reference.chars().take(24).collect();
                return Some((i, shown));
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    None
}

/// The offset of the next `<` or `&`: the only places a reference, comment or CDATA can start.
fn memchr_any(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<' || b == b'&')
}
