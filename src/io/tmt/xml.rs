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
