//! Automatic layout ("Diagram > Tidy", `strider layout`): a layered, left-to-right data flow
//! diagram in which every element stays inside the trust boundaries it was in and nested
//! boundaries stay nested without overlapping.
//!
//! Each boundary is laid out as a block, innermost first. Inside a block the children (elements
//! and inner blocks) are the nodes of a small graph whose edges are the flows between what they
//! hold; the nodes are put in layers by longest path (cycles broken where a depth-first walk
//! meets them), ordered within each layer by the barycentre of their neighbours to cut
//! crossings, and stacked in columns. Layered layout crates on crates.io (rust-sugiyama,
//! layout-rs) lay out flat graphs of same-sized nodes; none keeps nodes inside nested clusters,
//! which is what a DFD's trust boundaries need, hence this module.

use super::Point;
use crate::model::geometry::Membership;
use crate::model::{Diagram, Id};
use std::collections::HashMap;

/// Space between columns (room for a flow label) and between nodes in a column.
const COLUMN_GAP: f32 = 130.0;
const ROW_GAP: f32 = 45.0;
/// Space between a boundary's outline and what it holds; more at the top for its name tab.
const PAD: f32 = 25.0;
const PAD_TOP: f32 = super::TAB_HEIGHT + 25.0;
const ORIGIN: (f32, f32) = (40.0, 40.0);
const SWEEPS: usize = 6;
/// A lead this large puts a node first (or, negative, last) whatever its flows.
const FORCED: f32 = 1.0e6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Node {
    Element(usize),
    Block(usize),
    /// Where flows from outside a block come in (its left side) and leave (its right side).
    Entry,
    Exit,
}

/// Where a block's bends go in a flow's route: leaving the blocks around its source (the
/// innermost first), across the block holding both ends, entering the blocks around its target
/// (the outermost first).
type Leg = (u8, i64);

/// The bends one flow gets from one block, with where they go in its route.
type Bends = (usize, Leg, Vec<(f32, f32)>);

/// A block's children, their offsets from the block's top-left corner, and its size.
#[derive(Default, Clone)]
struct Block {
    children: Vec<Node>,
    offsets: Vec<(f32, f32)>,
    /// For each flow that spans several columns of this block: the bends it passes through,
    /// from its source to its target, relative to the block's corner.
    bends: Vec<Bends>,
    size: (f32, f32),
}

/// Does a diagram need laying out before it can be read: two or more elements all drawn at the
/// same spot (what importers produce from formats that store no positions)?
pub fn needs_layout(d: &Diagram) -> bool {
    d.elements.len() >= 2 && d.elements.iter().all(|e| e.pos == d.elements[0].pos)
}

/// Lays a diagram out again; ids, names and everything else stay as they are. Bends are
/// replaced: a flow that skips columns gets bends through the gaps between the shapes it passes,
/// and one still drawn across a shape is bent around it.
pub fn tidy(d: &Diagram) -> Diagram {
    // A first pass finds on which side of each boundary the far end of each flow lands; the
    // second lets flows leave and enter boundaries on that side, through the gaps.
    let first = pass(d, None, true);
    let mut out = pass(d, Some(&first), true);
    super::detour::detour(&mut out);
    out
}

/// Lays out the diagrams of a model whose file gave no positions (every element at one spot):
/// what some generators write. Trust-boundary membership cannot be known from such a drawing,
/// so the boundaries are laid out empty beside the elements. Returns a note per diagram done.
pub fn lay_out_unplaced(model: &mut crate::model::Model) -> Vec<String> {
    let mut notes = Vec::new();
    for d in &mut model.diagrams {
        if needs_layout(d) {
            let first = pass(d, None, false);
            *d = pass(d, Some(&first), false);
            super::detour::detour(d);
            notes.push(format!(
                "diagram {}: the file gives no positions, so its {} elements were laid out \
                 automatically{}",
                d.id,
                d.elements.len(),
                if d.boundaries.is_empty() {
                    String::new()
                } else {
                    "; its trust boundaries are drawn empty beside them (move the elements in)"
                        .to_owned()
                }
            ));
        }
    }
    notes
}

fn pass(d: &Diagram, first: Option<&Diagram>, keep_membership: bool) -> Diagram {
    let mut out = d.clone();
    let nb = d.boundaries.len();
    let membership = if keep_membership {
        Membership::compute(d)
    } else {
        Membership::default()
    };
    // The block directly holding each boundary and element (`None`: the diagram itself).
    let parent_of_boundary: Vec<Option<usize>> = d
        .boundaries
        .iter()
        .map(|b| {
            membership
                .parent_of(d, &b.id)
                .and_then(|p| d.boundaries.iter().position(|x| x.id == p.id))
        })
        .collect();
    let index: HashMap<&Id, usize> = d
        .boundaries
        .iter()
        .enumerate()
        .map(|(i, b)| (&b.id, i))
        .collect();
    let zone_of_element: Vec<Option<usize>> = d
        .elements
        .iter()
        .map(|e| {
            membership
                .zone_of(d, &e.id)
                .and_then(|b| index.get(&b.id).copied())
        })
        .collect();
    // Children per block; index `nb` is the diagram itself. Children keep their top-to-bottom
    // order from before, so the first ordering already resembles what the author drew.
    let mut children: Vec<Vec<Node>> = vec![Vec::new(); nb + 1];
    for (i, p) in parent_of_boundary.iter().enumerate() {
        children[p.unwrap_or(nb)].push(Node::Block(i));
    }
    for (i, z) in zone_of_element.iter().enumerate() {
        children[z.unwrap_or(nb)].push(Node::Element(i));
    }
    let top = |n: &Node| match n {
        Node::Element(i) => d.elements[*i].pos.1,
        Node::Block(i) => d.boundaries[*i].pos.1,
        Node::Entry | Node::Exit => 0.0,
    };
    for c in &mut children {
        c.sort_by(|a, b| top(a).total_cmp(&top(b)));
    }
    // The chain of blocks from the diagram down to each element.
    let chain = |mut block: Option<usize>| {
        let mut path = Vec::new();
        while let Some(b) = block {
            path.push(b);
            block = parent_of_boundary[b];
            if path.len() > nb {
                break; // a containment cycle cannot happen, but never loop forever
            }
        }
        path.reverse();
        path
    };
    let paths: Vec<Vec<usize>> = zone_of_element.iter().map(|z| chain(*z)).collect();
    // Each flow becomes an edge between the two children of the innermost block holding both ends.
    let element_index: HashMap<&Id, usize> = d
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| (&e.id, i))
        .collect();
    let mut edges: Vec<Vec<(Node, Node, usize, Leg)>> = vec![Vec::new(); nb + 1];
    // How much more each node receives from outside its block than it sends out: entry points
    // go left, exits right.
    let mut external: HashMap<Node, f32> = HashMap::new();
    for (fi, f) in d.flows.iter().enumerate() {
        let (Some(&a), Some(&b)) = (element_index.get(&f.from), element_index.get(&f.to)) else {
            continue;
        };
        if a == b {
            continue;
        }
        let (pa, pb) = (&paths[a], &paths[b]);
        let common = pa.iter().zip(pb).take_while(|(x, y)| x == y).count();
        let block = if common == 0 { nb } else { pa[common - 1] };
        let node = |path: &Vec<usize>, i: usize| {
            path.get(common)
                .map_or(Node::Element(i), |&b| Node::Block(b))
        };
        let (na, nb_) = (node(pa, a), node(pb, b));
        if na != nb_ {
            edges[block].push((na, nb_, fi, (1, 0)));
        }
        // Is the far end of the flow left of a boundary's middle (in the first pass)?
        let left_of = |block: usize, element: usize| {
            first.map(|f| {
                f.elements[element].rect().center().0 < f.boundaries[block].rect().center().0
            })
        };
        for k in common..pa.len() {
            let inner = pa.get(k + 1).map_or(Node::Element(a), |&x| Node::Block(x));
            *external.entry(inner).or_default() -= 1.0;
            if let Some(left) = left_of(pa[k], b) {
                let side = if left { Node::Entry } else { Node::Exit };
                edges[pa[k]].push((inner, side, fi, (0, -(k as i64))));
            }
        }
        for k in common..pb.len() {
            let inner = pb.get(k + 1).map_or(Node::Element(b), |&x| Node::Block(x));
            *external.entry(inner).or_default() += 1.0;
            if let Some(left) = left_of(pb[k], a) {
                let side = if left { Node::Entry } else { Node::Exit };
                edges[pb[k]].push((side, inner, fi, (2, k as i64)));
            }
        }
    }
    // Lay blocks out innermost first: a block's size is known before its parent needs it.
    let mut order: Vec<usize> = (0..nb).collect();
    order.sort_by_key(|&b| std::cmp::Reverse(chain(Some(b)).len()));
    order.push(nb);
    let mut blocks: Vec<Block> = vec![Block::default(); nb + 1];
    // External entities, and boundaries holding only external entities, lead.
    let is_actor = |i: usize| d.elements[i].kind == crate::model::ElementKind::Actor;
    let leads = |n: &Node, children: &[Vec<Node>]| {
        let actors = match n {
            Node::Element(i) => is_actor(*i),
            Node::Entry | Node::Exit => false,
            Node::Block(b) => {
                !children[*b].is_empty()
                    && children[*b]
                        .iter()
                        .all(|c| matches!(c, Node::Element(i) if is_actor(*i)))
            }
        };
        f32::from(u8::from(actors)) * 2.0 + 0.5 * external.get(n).copied().unwrap_or(0.0)
    };
    for b in order {
        let size_of = |n: &Node, blocks: &[Block]| match n {
            Node::Element(i) => usable_size(d.elements[*i].size),
            Node::Block(i) => blocks[*i].size,
            Node::Entry | Node::Exit => (0.0, 0.0),
        };
        let sizes: Vec<(f32, f32)> = children[b].iter().map(|n| size_of(n, &blocks)).collect();
        let lead: Vec<f32> = children[b].iter().map(|n| leads(n, &children)).collect();
        let arranged = arrange(&children[b], &sizes, &edges[b], &lead);
        let (offsets, content) = (arranged.offsets, arranged.size);
        let (pad_top, pad) = if b == nb { (0.0, 0.0) } else { (PAD_TOP, PAD) };
        let min = if b == nb { (0.0, 0.0) } else { (160.0, 100.0) };
        let shift = |o: &(f32, f32)| (o.0 + pad, o.1 + pad_top);
        blocks[b] = Block {
            children: children[b].clone(),
            offsets: offsets.iter().map(shift).collect(),
            bends: arranged
                .bends
                .into_iter()
                .map(|(f, leg, points)| (f, leg, points.iter().map(shift).collect()))
                .collect(),
            size: (
                (content.0 + 2.0 * pad).max(min.0),
                (content.1 + pad_top + pad).max(min.1),
            ),
        };
    }
    // Then place them outermost first.
    let mut legs: HashMap<usize, Vec<(Leg, Vec<Point>)>> = HashMap::new();
    let mut stack = vec![(nb, ORIGIN)];
    while let Some((b, at)) = stack.pop() {
        for (f, leg, points) in &blocks[b].bends {
            let absolute = points.iter().map(|p| (at.0 + p.0, at.1 + p.1)).collect();
            legs.entry(*f).or_default().push((*leg, absolute));
        }
        if b < nb {
            out.boundaries[b].pos = at;
            out.boundaries[b].size = blocks[b].size;
        }
        for (n, o) in blocks[b].children.iter().zip(&blocks[b].offsets) {
            let p = (at.0 + o.0, at.1 + o.1);
            match n {
                Node::Element(i) => {
                    out.elements[*i].pos = p;
                    out.elements[*i].size = usable_size(d.elements[*i].size);
                }
                Node::Block(i) => stack.push((*i, p)),
                Node::Entry | Node::Exit => {}
            }
        }
    }
    for (i, f) in out.flows.iter_mut().enumerate() {
        f.waypoints.clear();
        if let Some(mut parts) = legs.remove(&i) {
            parts.sort_by_key(|(leg, _)| *leg);
            f.waypoints = parts.into_iter().flat_map(|(_, p)| p).collect();
        }
    }
    out
}

fn usable_size(s: (f32, f32)) -> (f32, f32) {
    let ok = |v: f32, default: f32| {
        if v.is_finite() && v >= 10.0 {
            v.min(2000.0)
        } else {
            default
        }
    };
    (ok(s.0, 140.0), ok(s.1, 70.0))
}

/// What [`arrange`] decides for one block.
struct Arranged {
    offsets: Vec<(f32, f32)>,
    bends: Vec<Bends>,
    size: (f32, f32),
}

/// The room a flow takes in a column it passes through.
const PASSAGE: (f32, f32) = (12.0, 12.0);

/// Layers, orders and stacks the nodes of one block. A flow that skips columns gets a small
/// passage in each column between its ends (the classic "dummy node"), ordered with the rest,
/// so it runs through the gaps rather than through the shapes; the passages become its bends.
fn arrange(
    children: &[Node],
    child_sizes: &[(f32, f32)],
    edges: &[(Node, Node, usize, Leg)],
    child_lead: &[f32],
) -> Arranged {
    let real = children.len();
    if real == 0 {
        return Arranged {
            offsets: Vec::new(),
            bends: Vec::new(),
            size: (0.0, 0.0),
        };
    }
    // The block's own entry (far left) and exit (far right) take part as nodes without size.
    let mut nodes = children.to_vec();
    nodes.extend([Node::Entry, Node::Exit]);
    let mut sizes = child_sizes.to_vec();
    sizes.extend([(0.0, 0.0), (0.0, 0.0)]);
    let mut lead = child_lead.to_vec();
    lead.extend([FORCED, -FORCED]);
    let n = nodes.len();
    let at: HashMap<Node, usize> = nodes.iter().enumerate().map(|(i, &x)| (x, i)).collect();
    let flows: Vec<(usize, usize, usize, Leg)> = edges
        .iter()
        .filter_map(|(a, b, f, leg)| Some((*at.get(a)?, *at.get(b)?, *f, *leg)))
        .filter(|(a, b, _, _)| a != b)
        .collect();
    let mut weight: HashMap<(usize, usize), f32> = HashMap::new();
    for &(a, b, _, _) in &flows {
        *weight.entry((a, b)).or_default() += 1.0;
    }
    let mut pairs: Vec<(usize, usize)> = weight.keys().copied().collect();
    pairs.sort_unstable();
    let forward = acyclic(n, &pairs, &weight, &lead);
    let rank = longest_path(n, &forward);
    let kept: std::collections::HashSet<(usize, usize)> = forward.iter().copied().collect();
    // Every node, passages included, with its size and column; and the links between them.
    let mut sizes_all = sizes.to_vec();
    let mut rank_all = rank.clone();
    let mut links: Vec<(usize, usize)> = Vec::new();
    let mut chains: Vec<(usize, Leg, Vec<usize>)> = Vec::new();
    for &(a, b, f, leg) in &flows {
        let (u, v, flipped) = if kept.contains(&(a, b)) {
            (a, b, false)
        } else {
            (b, a, true)
        };
        if rank[v] <= rank[u] + 1 {
            links.push((u, v));
            continue;
        }
        let mut prev = u;
        let mut chain = Vec::new();
        for r in rank[u] + 1..rank[v] {
            let passage = sizes_all.len();
            sizes_all.push(PASSAGE);
            rank_all.push(r);
            links.push((prev, passage));
            chain.push(passage);
            prev = passage;
        }
        links.push((prev, v));
        if flipped {
            chain.reverse();
        }
        chains.push((f, leg, chain));
    }
    let total = sizes_all.len();
    let layers = rank_all.iter().copied().max().unwrap_or(0) + 1;
    let mut columns: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for (i, &r) in rank_all.iter().enumerate() {
        columns[r].push(i);
    }
    order_by_barycentre(&mut columns, &links, total);
    let widths: Vec<f32> = columns
        .iter()
        .map(|c| c.iter().map(|&i| sizes_all[i].0).fold(0.0, f32::max))
        .collect();
    // The entry and exit have no size and take no room.
    let empty = |i: usize| sizes_all[i] == (0.0, 0.0);
    let heights: Vec<f32> = columns
        .iter()
        .map(|c| {
            let shown = c.iter().filter(|&&i| !empty(i)).count();
            c.iter().map(|&i| sizes_all[i].1).sum::<f32>() + ROW_GAP * (shown.max(1) - 1) as f32
        })
        .collect();
    let total_h = heights.iter().copied().fold(0.0, f32::max);
    let mut offsets = vec![(0.0, 0.0); total];
    let mut x = 0.0;
    let mut total_w: f32 = 0.0;
    for (k, column) in columns.iter().enumerate() {
        let mut y = (total_h - heights[k]) / 2.0;
        for &i in column {
            offsets[i] = (x + (widths[k] - sizes_all[i].0) / 2.0, y);
            if !empty(i) {
                y += sizes_all[i].1 + ROW_GAP;
            }
        }
        if widths[k] > 0.0 {
            total_w = x + widths[k];
            x += widths[k] + COLUMN_GAP;
        }
    }
    let centre = |i: usize| {
        (
            offsets[i].0 + sizes_all[i].0 / 2.0,
            offsets[i].1 + sizes_all[i].1 / 2.0,
        )
    };
    let bends = chains
        .into_iter()
        .map(|(f, leg, chain)| (f, leg, chain.into_iter().map(centre).collect()))
        .collect();
    offsets.truncate(real);
    Arranged {
        offsets,
        bends,
        size: (total_w.max(0.0), total_h),
    }
}

/// The edges with those that would run right to left turned around. The left-to-right order
/// is found greedily (Eades, Lin and Smyth): sinks go last, sources first, and otherwise the
/// node that sends the most more than it receives; `lead` tips the balance towards putting a
/// node first (external entities start a DFD).
fn acyclic(
    n: usize,
    pairs: &[(usize, usize)],
    weight: &HashMap<(usize, usize), f32>,
    lead: &[f32],
) -> Vec<(usize, usize)> {
    let mut out_w = vec![0.0f32; n];
    let mut in_w = vec![0.0f32; n];
    let mut outs: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut ins: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in pairs {
        let w = weight.get(&(a, b)).copied().unwrap_or(1.0);
        out_w[a] += w;
        in_w[b] += w;
        outs[a].push(b);
        ins[b].push(a);
    }
    let mut gone = vec![false; n];
    let mut front = Vec::with_capacity(n);
    let mut back = Vec::new();
    let mut left = n;
    // A block's entry always comes first and its exit last, whatever flows touch them.
    for v in 0..n {
        if lead[v] >= FORCED {
            front.push(v);
        } else if lead[v] <= -FORCED {
            back.push(v);
        } else {
            continue;
        }
        gone[v] = true;
        left -= 1;
        for &b in &outs[v] {
            in_w[b] -= weight.get(&(v, b)).copied().unwrap_or(1.0);
        }
        for &a in &ins[v] {
            out_w[a] -= weight.get(&(a, v)).copied().unwrap_or(1.0);
        }
    }
    let remove = |v: usize, gone: &mut Vec<bool>, out_w: &mut Vec<f32>, in_w: &mut Vec<f32>| {
        gone[v] = true;
        for &b in &outs[v] {
            in_w[b] -= weight.get(&(v, b)).copied().unwrap_or(1.0);
        }
        for &a in &ins[v] {
            out_w[a] -= weight.get(&(a, v)).copied().unwrap_or(1.0);
        }
    };
    while left > 0 {
        let live = |v: &usize| !gone[*v];
        if let Some(v) = (0..n)
            .filter(live)
            .find(|&v| out_w[v] <= 1e-6 && in_w[v] > 1e-6)
        {
            back.push(v);
            remove(v, &mut gone, &mut out_w, &mut in_w);
        } else if let Some(v) = (0..n).filter(live).find(|&v| in_w[v] <= 1e-6) {
            front.push(v);
            remove(v, &mut gone, &mut out_w, &mut in_w);
        } else if let Some(v) = (0..n).filter(live).max_by(|&a, &b| {
            (out_w[a] - in_w[a] + lead[a]).total_cmp(&(out_w[b] - in_w[b] + lead[b]))
        }) {
            front.push(v);
            remove(v, &mut gone, &mut out_w, &mut in_w);
        }
        left -= 1;
    }
    front.extend(back.into_iter().rev());
    let mut position = vec![0usize; n];
    for (p, &v) in front.iter().enumerate() {
        position[v] = p;
    }
    pairs
        .iter()
        .map(|&(a, b)| {
            if position[a] > position[b] {
                (b, a)
            } else {
                (a, b)
            }
        })
        .filter(|(a, b)| a != b)
        .collect()
}

/// Each node's layer: one more than the deepest of its predecessors (edges are acyclic).
fn longest_path(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        out_edges[a].push(b);
        indegree[b] += 1;
    }
    let mut rank = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    while let Some(v) = ready.pop() {
        for &w in &out_edges[v] {
            rank[w] = rank[w].max(rank[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.push(w);
            }
        }
    }
    rank
}

/// Reorders each column by the mean position of its neighbours in the columns before (then
/// after), a few times over: the classic heuristic for few crossings.
fn order_by_barycentre(columns: &mut [Vec<usize>], pairs: &[(usize, usize)], n: usize) {
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in pairs {
        neighbours[a].push(b);
        neighbours[b].push(a);
    }
    let mut column_of = vec![0usize; n];
    for (k, c) in columns.iter().enumerate() {
        for &i in c {
            column_of[i] = k;
        }
    }
    let mut position = vec![0.0f32; n];
    let relabel = |columns: &[Vec<usize>], position: &mut [f32]| {
        for c in columns {
            for (p, &i) in c.iter().enumerate() {
                position[i] = p as f32;
            }
        }
    };
    relabel(columns, &mut position);
    for sweep in 0..SWEEPS {
        let downward = sweep % 2 == 0;
        let ks: Vec<usize> = if downward {
            (1..columns.len()).collect()
        } else {
            (0..columns.len().saturating_sub(1)).rev().collect()
        };
        for k in ks {
            let keys: Vec<(usize, f32)> = columns[k]
                .iter()
                .map(|&i| {
                    let side: Vec<f32> = neighbours[i]
                        .iter()
                        .filter(|&&j| {
                            if downward {
                                column_of[j] < k
                            } else {
                                column_of[j] > k
                            }
                        })
                        .map(|&j| position[j])
                        .collect();
                    let key = if side.is_empty() {
                        position[i]
                    } else {
                        side.iter().sum::<f32>() / side.len() as f32
                    };
                    (i, key)
                })
                .collect();
            let mut sorted = keys;
            sorted.sort_by(|a, b| a.1.total_cmp(&b.1));
            columns[k] = sorted.into_iter().map(|(i, _)| i).collect();
            for (p, &i) in columns[k].iter().enumerate() {
                position[i] = p as f32;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_broken_and_layers_follow_the_flows() {
        let pairs = [(0, 1), (1, 2), (2, 0)];
        let weight = pairs.iter().map(|&p| (p, 1.0)).collect();
        let forward = acyclic(3, &pairs, &weight, &[1.0, 0.0, 0.0]);
        let rank = longest_path(3, &forward);
        assert_eq!(forward.len(), 3);
        let mut sorted = rank.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [0, 1, 2]);
    }
}
