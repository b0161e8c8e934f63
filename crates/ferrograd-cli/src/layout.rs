//! A small layered layout for directed acyclic graphs drawn top to bottom (a simple Sugiyama
//! scheme): layers by longest path to the sink, orders within layers by barycentre sweeps,
//! positions by averaging each node toward its neighbours without overlaps, and edges as cubic
//! curves between ports spread along the boxes' edges.

/// A node's box size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Box {
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// Where everything goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Each node's centre.
    pub positions: Vec<(f64, f64)>,
    /// Each edge as SVG path data, in the order of the edges given.
    pub edge_paths: Vec<String>,
    /// The drawing's width, margins included.
    pub width: f64,
    /// The drawing's height, margins included.
    pub height: f64,
    /// Each node's layer, 0 at the top.
    pub rows: Vec<usize>,
}

const MARGIN: f64 = 20.0;
const H_GAP: f64 = 24.0;
const V_GAP: f64 = 44.0;
/// Dummy nodes allowed per node and edge of the graph (see [`dummy_span_limit`]).
const DUMMY_BUDGET: usize = 8;

/// The most layers an edge may cross and still get a dummy node in each, so that all those
/// dummies number at most `budget`: `usize::MAX` (every edge) when they fit, else the largest
/// span whose edges, with all the shorter ones, fit. `spans` are the layers each edge crosses,
/// at most `max_span` each. Linear in the number of edges and `max_span`.
///
/// ```
/// use ferrograd_cli::layout::dummy_span_limit;
/// assert_eq!(dummy_span_limit([0, 1, 2, 3], 3, 6), usize::MAX);
/// assert_eq!(dummy_span_limit([0, 1, 2, 3], 3, 5), 2);
/// // Both edges crossing 3 layers are drawn as one curve each.
/// assert_eq!(dummy_span_limit([3, 3], 3, 2), 2);
/// ```
pub fn dummy_span_limit(
    spans: impl IntoIterator<Item = usize>,
    max_span: usize,
    budget: usize,
) -> usize {
    let mut count = vec![0usize; max_span + 1];
    let mut total = 0usize;
    for s in spans {
        count[s.min(max_span)] += 1;
        total += s;
    }
    if total <= budget {
        return usize::MAX;
    }
    let mut used = 0usize;
    for (span, &c) in count.iter().enumerate() {
        used += span * c;
        if used > budget {
            return span.saturating_sub(1);
        }
    }
    max_span
}

/// Lays out nodes of sizes `boxes` joined by `edges` (`from` above `to`), with `sink` at the
/// bottom. Nodes that cannot reach the sink sit in the bottom layer.
///
/// ```
/// use ferrograd_cli::layout::{layout, Box};
/// let b = Box { w: 50.0, h: 20.0 };
/// let l = layout(&[b, b, b], &[(1, 0), (2, 0)], 0);
/// assert_eq!(l.rows, vec![1, 0, 0]);
/// assert!(l.positions[1].1 < l.positions[0].1);
/// ```
pub fn layout(boxes: &[Box], edges: &[(usize, usize)], sink: usize) -> Layout {
    let n = boxes.len();
    let valid = |&(a, b): &(usize, usize)| a < n && b < n && a != b;
    let mut producers = vec![Vec::new(); n];
    let mut consumers = vec![Vec::new(); n];
    for &(a, b) in edges.iter().filter(|e| valid(e)) {
        producers[b].push(a);
        consumers[a].push(b);
    }

    // Layers: the longest path down to the sink (reverse Kahn's order).
    let mut rank = vec![0usize; n];
    let mut pending: Vec<usize> = consumers.iter().map(|c| c.len()).collect();
    let mut queue: Vec<usize> = (0..n).filter(|&v| pending[v] == 0).collect();
    if let Some(i) = queue.iter().position(|&v| v == sink) {
        queue.swap(0, i);
    }
    let mut head = 0;
    while head < queue.len() {
        let u = queue[head];
        head += 1;
        for &p in &producers[u] {
            rank[p] = rank[p].max(rank[u] + 1);
            pending[p] -= 1;
            if pending[p] == 0 {
                queue.push(p);
            }
        }
    }
    let max_rank = rank.iter().copied().max().unwrap_or(0);
    let row_of: Vec<usize> = rank.iter().map(|r| max_rank - r).collect();

    // Long edges pass through a narrow dummy node in every layer they cross, as long as there
    // are at most DUMMY_BUDGET per node and edge; past that, the longest edges are drawn as one
    // curve (a graph whose edges cross n layers each would otherwise need n² dummies).
    let crossed = |e: &(usize, usize)| row_of[e.1].saturating_sub(row_of[e.0] + 1);
    let longest = dummy_span_limit(
        edges.iter().filter(|e| valid(e)).map(crossed),
        max_rank,
        DUMMY_BUDGET * (n + edges.len()),
    );
    let mut sizes = boxes.to_vec();
    let mut row = row_of.clone();
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
    for e in edges {
        let mut chain = Vec::new();
        if valid(e) {
            chain.push(e.0);
            let through = if crossed(e) <= longest {
                row[e.0] + 1..row[e.1]
            } else {
                0..0
            };
            for r in through {
                sizes.push(Box { w: 8.0, h: 0.0 });
                row.push(r);
                chain.push(sizes.len() - 1);
            }
            chain.push(e.1);
        }
        chains.push(chain);
    }
    let total = sizes.len();
    let mut up = vec![Vec::new(); total];
    let mut down = vec![Vec::new(); total];
    for chain in &chains {
        for w in chain.windows(2) {
            up[w[1]].push(w[0]);
            down[w[0]].push(w[1]);
        }
    }
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); max_rank + 1];
    for v in 0..total {
        rows[row[v]].push(v);
    }

    // Orders: barycentre sweeps down (by the layer above) and up (by the layer below).
    let mut pos = vec![0.0f64; total];
    let reindex = |row: &[usize], pos: &mut [f64]| {
        for (i, &v) in row.iter().enumerate() {
            pos[v] = i as f64;
        }
    };
    for row in &rows {
        reindex(row, &mut pos);
    }
    for _ in 0..8 {
        for row in rows.iter_mut().skip(1) {
            sort_by_barycentre(row, &up, &pos);
            reindex(row, &mut pos);
        }
        let above_last = rows.len().saturating_sub(1);
        for row in rows[..above_last].iter_mut().rev() {
            sort_by_barycentre(row, &down, &pos);
            reindex(row, &mut pos);
        }
    }

    // Vertical positions: each layer as tall as its tallest node.
    let mut y = vec![0.0f64; total];
    let mut half = vec![0.0f64; total];
    let mut top = MARGIN;
    for r in &rows {
        let h = r.iter().map(|&v| sizes[v].h).fold(0.0, f64::max);
        for &v in r {
            y[v] = top + h / 2.0;
            half[v] = h / 2.0;
        }
        top += h + V_GAP;
    }
    let height = top - V_GAP + MARGIN;

    // Horizontal positions: packed and centred, then pulled toward neighbours.
    let mut x = vec![0.0f64; total];
    let widest = rows
        .iter()
        .map(|r| row_width(r, &sizes))
        .fold(0.0, f64::max);
    for r in &rows {
        let mut left = (widest - row_width(r, &sizes)) / 2.0;
        for &v in r {
            x[v] = left + sizes[v].w / 2.0;
            left += sizes[v].w + H_GAP;
        }
    }
    for it in 0..12 {
        let order: Vec<usize> = if it % 2 == 0 {
            (0..rows.len()).collect()
        } else {
            (0..rows.len()).rev().collect()
        };
        for r in order {
            let desired: Vec<f64> = rows[r]
                .iter()
                .map(|&v| {
                    let count = up[v].len() + down[v].len();
                    if count == 0 {
                        x[v]
                    } else {
                        up[v].iter().chain(&down[v]).map(|&u| x[u]).sum::<f64>() / count as f64
                    }
                })
                .collect();
            let placed = separate(&rows[r], &desired, &sizes);
            for (&v, p) in rows[r].iter().zip(placed) {
                x[v] = p;
            }
        }
    }
    let min_left = (0..total)
        .map(|v| x[v] - sizes[v].w / 2.0)
        .fold(f64::INFINITY, f64::min);
    let shift = if min_left.is_finite() {
        MARGIN - min_left
    } else {
        0.0
    };
    for xv in &mut x {
        *xv += shift;
    }
    let width = (0..total)
        .map(|v| x[v] + sizes[v].w / 2.0)
        .fold(0.0, f64::max)
        + MARGIN;

    // Ports spread along the bottom of each source and the top of each target, ordered by where
    // the edge goes next, so that edges leaving or entering one box do not cross there.
    let mut out_ports: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut in_ports: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, c) in chains.iter().enumerate() {
        if c.len() >= 2 {
            out_ports[c[0]].push(k);
            in_ports[c[c.len() - 1]].push(k);
        }
    }
    let mut start = vec![(0.0, 0.0); edges.len()];
    let mut end = vec![(0.0, 0.0); edges.len()];
    let spread = |v: usize, list: &mut Vec<usize>, next: &dyn Fn(usize) -> usize| {
        list.sort_by(|&p, &q| x[next(p)].total_cmp(&x[next(q)]));
        let m = list.len() as f64;
        let left = x[v] - sizes[v].w / 2.0;
        list.iter()
            .enumerate()
            .map(|(i, &k)| (k, left + sizes[v].w * (i as f64 + 1.0) / (m + 1.0)))
            .collect::<Vec<_>>()
    };
    for v in 0..n {
        for (k, px) in spread(v, &mut out_ports[v], &|k| chains[k][1]) {
            start[k] = (px, y[v] + sizes[v].h / 2.0);
        }
        for (k, px) in spread(v, &mut in_ports[v], &|k| chains[k][chains[k].len() - 2]) {
            end[k] = (px, y[v] - sizes[v].h / 2.0);
        }
    }

    // Each edge: curves between layers, straight down through the layers it crosses.
    let edge_paths = chains
        .iter()
        .enumerate()
        .map(|(k, c)| {
            if c.len() < 2 {
                return String::new();
            }
            let (sx, sy) = start[k];
            let mut d = format!("M {sx:.1} {sy:.1}");
            let mut from = (sx, sy);
            for &v in &c[1..c.len() - 1] {
                let (top, bottom) = (y[v] - half[v], y[v] + half[v]);
                curve(&mut d, from, (x[v], top));
                if bottom > top {
                    d.push_str(&format!(" L {:.1} {bottom:.1}", x[v]));
                }
                from = (x[v], bottom);
            }
            curve(&mut d, from, end[k]);
            d
        })
        .collect();
    Layout {
        positions: x.iter().zip(&y).take(n).map(|(&a, &b)| (a, b)).collect(),
        edge_paths,
        width,
        height,
        rows: row_of,
    }
}

/// Appends a cubic curve from `a` to `b` leaving and arriving vertically.
fn curve(d: &mut String, a: (f64, f64), b: (f64, f64)) {
    let dy = ((b.1 - a.1) * 0.5).max(V_GAP * 0.25);
    d.push_str(&format!(
        " C {:.1} {:.1} {:.1} {:.1} {:.1} {:.1}",
        a.0,
        a.1 + dy,
        b.0,
        b.1 - dy,
        b.0,
        b.1
    ));
}

fn row_width(row: &[usize], boxes: &[Box]) -> f64 {
    let w: f64 = row.iter().map(|&v| boxes[v].w).sum();
    w + H_GAP * row.len().saturating_sub(1) as f64
}

fn sort_by_barycentre(row: &mut [usize], neighbours: &[Vec<usize>], pos: &[f64]) {
    let key = |v: usize| {
        let nb = &neighbours[v];
        if nb.is_empty() {
            pos[v]
        } else {
            nb.iter().map(|&u| pos[u]).sum::<f64>() / nb.len() as f64
        }
    };
    let mut keyed: Vec<(f64, usize)> = row.iter().map(|&v| (key(v), v)).collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (slot, (_, v)) in row.iter_mut().zip(keyed) {
        *slot = v;
    }
}

/// Positions as close to `desired` as the order and the gaps allow: the mean of the leftmost and
/// the rightmost feasible placements.
fn separate(row: &[usize], desired: &[f64], boxes: &[Box]) -> Vec<f64> {
    let m = row.len();
    let gap = |i: usize| (boxes[row[i - 1]].w + boxes[row[i]].w) / 2.0 + H_GAP;
    let mut a = desired.to_vec();
    for i in 1..m {
        a[i] = a[i].max(a[i - 1] + gap(i));
    }
    let mut b = desired.to_vec();
    for i in (0..m.saturating_sub(1)).rev() {
        b[i] = b[i].min(b[i + 1] - gap(i + 1));
    }
    a.iter().zip(&b).map(|(p, q)| (p + q) / 2.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_overlaps(l: &Layout, boxes: &[Box]) -> bool {
        for i in 0..boxes.len() {
            for j in 0..i {
                if l.rows[i] == l.rows[j] {
                    let d = (l.positions[i].0 - l.positions[j].0).abs();
                    if d < (boxes[i].w + boxes[j].w) / 2.0 {
                        return false;
                    }
                }
            }
        }
        true
    }

    #[test]
    fn layers_follow_the_longest_path() {
        // 3 -> 2 -> 1 -> 0 and 3 -> 0: 3 is three layers above 0.
        let b = Box { w: 80.0, h: 20.0 };
        let l = layout(&[b; 4], &[(3, 2), (2, 1), (1, 0), (3, 0)], 0);
        assert_eq!(l.rows, vec![3, 2, 1, 0]);
        assert_eq!(l.edge_paths.len(), 4);
        assert!(l.edge_paths[0].starts_with("M "));
        // The long edge 3 -> 0 runs straight through the two layers between.
        assert_eq!(l.edge_paths[3].matches(" L ").count(), 2);
        assert_eq!(l.edge_paths[3].matches(" C ").count(), 3);
    }

    #[test]
    fn wide_layers_do_not_overlap() {
        let boxes: Vec<Box> = (0..12)
            .map(|i| Box {
                w: 40.0 + 10.0 * i as f64,
                h: 20.0,
            })
            .collect();
        let edges: Vec<(usize, usize)> = (1..12).map(|i| (i, 0)).collect();
        let l = layout(&boxes, &edges, 0);
        assert!(no_overlaps(&l, &boxes));
        assert!(l.positions.iter().all(|p| p.0 > 0.0 && p.0 < l.width));
    }

    #[test]
    fn empty_and_single() {
        let l = layout(&[], &[], 0);
        assert!(l.positions.is_empty());
        let l = layout(&[Box { w: 10.0, h: 10.0 }], &[], 0);
        assert_eq!(l.positions, vec![(25.0, 25.0)]);
    }
}
