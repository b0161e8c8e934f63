//! `ferrograd graph`: the autograd graph of an expression, as torchviz draws it — the output
//! (green), one grey node per `grad_fn` named as PyTorch names it (`MulBackward0`), an
//! `AccumulateGrad` node per leaf and the leaf itself (blue) labelled by its variable's name —
//! written as Graphviz DOT or drawn as SVG by a small layered layout of its own.

use crate::cli::GraphArgs;
use crate::commands::Problem;
use crate::error::CliError;
use crate::layout::{layout, Box as LayoutBox};
use ferrograd::{GradFn, NextFunction, Tensor};
use std::collections::HashMap;
use std::fmt::Write as _;

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// The expression's value.
    Output,
    /// A `grad_fn` (a backward node).
    Function,
    /// The `AccumulateGrad` node of a leaf.
    Accumulate,
    /// A leaf: a variable.
    Variable,
}

impl NodeKind {
    /// The fill colour, as torchviz's.
    pub fn fill(self) -> &'static str {
        match self {
            NodeKind::Output => "darkolivegreen1",
            NodeKind::Variable => "lightblue",
            NodeKind::Function | NodeKind::Accumulate => "lightgrey",
        }
    }
    /// The same colour as RGB hex, for SVG.
    pub fn fill_hex(self) -> &'static str {
        match self {
            NodeKind::Output => "#caff70",
            NodeKind::Variable => "#add8e6",
            NodeKind::Function | NodeKind::Accumulate => "#d3d3d3",
        }
    }
}

/// A node: its kind and the lines of its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// What it stands for.
    pub kind: NodeKind,
    /// Its label, line by line.
    pub label: Vec<String>,
}

/// The graph: edges go the way the forward pass went, from an input to the node consuming it,
/// and end at the output (node 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Graph {
    /// The nodes; node 0 is the output.
    pub nodes: Vec<Node>,
    /// `(from, to)` pairs of node indices, without duplicates.
    pub edges: Vec<(usize, usize)>,
}

/// A shape as torchviz writes it: `()`, `(3)`, `(2, 2)`.
pub fn size_str(shape: &[usize]) -> String {
    let parts: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    format!("({})", parts.join(", "))
}

impl Graph {
    fn add(&mut self, kind: NodeKind, label: Vec<String>) -> usize {
        self.nodes.push(Node { kind, label });
        self.nodes.len() - 1
    }
    fn edge(&mut self, from: usize, to: usize) {
        if !self.edges.contains(&(from, to)) {
            self.edges.push((from, to));
        }
    }
}

/// Walks the graph behind `output` through `grad_fn().next_functions()`, naming leaves by the
/// variable (in `vars`) that is the same tensor.
pub fn build(output: &Tensor, vars: &[(String, Tensor)]) -> Result<Graph, CliError> {
    if !output.requires_grad() {
        return Err(CliError::new(
            "the expression depends on no variable, so autograd records no graph: give it a variable with --at",
        ));
    }
    let mut g = Graph {
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let out = g.add(NodeKind::Output, vec!["f".into(), size_str(output.shape())]);
    // Leaf nodes: (variable index or None for an unnamed leaf, its tensor, AccumulateGrad index).
    let mut leaves: Vec<(Tensor, usize)> = Vec::new();
    let leaf_label = |t: &Tensor| -> String {
        vars.iter()
            .find(|(_, v)| v.is_same(t))
            .map_or_else(|| "leaf".to_string(), |(n, _)| n.clone())
    };
    let Some(root) = output.grad_fn() else {
        // The output is itself a variable.
        let v = g.add(
            NodeKind::Variable,
            vec![leaf_label(output), size_str(output.shape())],
        );
        g.edge(v, out);
        return Ok(g);
    };
    let mut seen: HashMap<usize, usize> = HashMap::new();
    let mut keep: Vec<GradFn> = Vec::new(); // keeps addresses unique while walking
    let mut queue: Vec<(GradFn, usize)> = Vec::new();
    let r = g.add(NodeKind::Function, vec![root.name().to_string()]);
    g.edge(r, out);
    seen.insert(root.address(), r);
    keep.push(root.clone());
    queue.push((root, r));
    let mut head = 0;
    while head < queue.len() {
        let (f, idx) = queue[head].clone();
        head += 1;
        for next in f.next_functions().into_iter().flatten() {
            match next {
                NextFunction::Backward(n) => {
                    let j = match seen.get(&n.address()) {
                        Some(&j) => j,
                        None => {
                            let j = g.add(NodeKind::Function, vec![n.name().to_string()]);
                            seen.insert(n.address(), j);
                            keep.push(n.clone());
                            queue.push((n, j));
                            j
                        }
                    };
                    g.edge(j, idx);
                }
                NextFunction::AccumulateGrad(t) => {
                    let acc = match leaves.iter().find(|(l, _)| l.is_same(&t)) {
                        Some((_, a)) => *a,
                        None => {
                            let acc = g.add(NodeKind::Accumulate, vec!["AccumulateGrad".into()]);
                            let v = g.add(
                                NodeKind::Variable,
                                vec![leaf_label(&t), size_str(t.shape())],
                            );
                            g.edge(v, acc);
                            leaves.push((t, acc));
                            acc
                        }
                    };
                    g.edge(acc, idx);
                }
            }
        }
    }
    Ok(g)
}

/// The number of backward nodes behind `t` (its `grad_fn` and everything it reaches), counting
/// no further than `limit + 1`.
///
/// ```
/// use ferrograd::Tensor;
/// let x = Tensor::new(1.0).requires_grad_(true);
/// assert_eq!(ferrograd_cli::graph::count_nodes(&x.sin().exp(), 100), 2);
/// assert_eq!(ferrograd_cli::graph::count_nodes(&x, 100), 0);
/// ```
pub fn count_nodes(t: &Tensor, limit: usize) -> usize {
    let Some(root) = t.grad_fn() else {
        return 0;
    };
    let mut seen: std::collections::HashSet<usize> = std::collections::HashSet::new();
    seen.insert(root.address());
    let mut stack = vec![root];
    let mut keep = Vec::new();
    while let Some(f) = stack.pop() {
        if seen.len() > limit {
            break;
        }
        for next in f.next_functions().into_iter().flatten() {
            if let NextFunction::Backward(n) = next {
                if seen.insert(n.address()) {
                    stack.push(n);
                }
            }
        }
        keep.push(f);
    }
    seen.len()
}

fn dot_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The graph as Graphviz DOT, with torchviz's node style.
pub fn to_dot(g: &Graph, title: &str) -> String {
    let mut s = String::from("digraph {\n");
    let _ = writeln!(
        s,
        "\tgraph [label={} labelloc=t size=\"12,12\"]",
        dot_quote(title)
    );
    s.push_str(
        "\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]\n",
    );
    for (i, n) in g.nodes.iter().enumerate() {
        let label = dot_quote(&n.label.join("\n"));
        match n.kind {
            NodeKind::Function | NodeKind::Accumulate => {
                let _ = writeln!(s, "\tn{i} [label={label}]");
            }
            k => {
                let _ = writeln!(s, "\tn{i} [label={label} fillcolor={}]", k.fill());
            }
        }
    }
    for (a, b) in &g.edges {
        let _ = writeln!(s, "\tn{a} -> n{b}");
    }
    s.push_str("}\n");
    s
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const FONT: f64 = 12.0;
const CHAR_W: f64 = FONT * 0.6; // monospace advance
const LINE_H: f64 = FONT * 1.3;
const PAD_X: f64 = 10.0;
const PAD_Y: f64 = 6.0;

/// The graph drawn as SVG: layers from the variables (top) to the output (bottom).
pub fn to_svg(g: &Graph, title: &str) -> String {
    let boxes: Vec<LayoutBox> = g
        .nodes
        .iter()
        .map(|n| {
            let chars = n.label.iter().map(|l| l.chars().count()).max().unwrap_or(1);
            LayoutBox {
                w: chars as f64 * CHAR_W + 2.0 * PAD_X,
                h: n.label.len() as f64 * LINE_H + 2.0 * PAD_Y,
            }
        })
        .collect();
    let title_h = 34.0;
    let title_w = title.chars().count() as f64 * 14.0 * 0.6 + 40.0;
    let lay = layout(&boxes, &g.edges, 0);
    let width = lay.width.max(title_w);
    let dx = (width - lay.width) / 2.0;
    let height = lay.height + title_h;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace">"#,
        w = width,
        h = height
    );
    s.push_str(
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#333\"/></marker></defs>\n",
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text class="title" x="{:.1}" y="22" font-size="14" text-anchor="middle">{}</text>"#,
        width / 2.0,
        xml_escape(title)
    );
    let _ = writeln!(s, r#"<g transform="translate({dx:.1},{title_h:.1})">"#);
    for (e, path) in g.edges.iter().zip(&lay.edge_paths) {
        let _ = writeln!(
            s,
            r##"<path class="edge" data-from="n{}" data-to="n{}" d="{path}" fill="none" stroke="#333" stroke-width="1.2" marker-end="url(#arrow)"/>"##,
            e.0, e.1
        );
    }
    for (i, (n, p)) in g.nodes.iter().zip(&lay.positions).enumerate() {
        let b = &boxes[i];
        let (x, y) = (p.0 - b.w / 2.0, p.1 - b.h / 2.0);
        let rx = if n.kind == NodeKind::Function || n.kind == NodeKind::Accumulate {
            4
        } else {
            0
        };
        let _ = writeln!(
            s,
            r##"<g class="node" id="n{i}" data-kind="{:?}"><rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" rx="{rx}" fill="{}" stroke="#222" stroke-width="1"/>"##,
            n.kind,
            b.w,
            b.h,
            n.kind.fill_hex()
        );
        for (k, line) in n.label.iter().enumerate() {
            let ty = y + PAD_Y + LINE_H * (k as f64 + 0.78);
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{ty:.1}" font-size="{FONT}" text-anchor="middle">{}</text>"#,
                p.0,
                xml_escape(line)
            );
        }
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n</svg>\n");
    s
}

/// Runs `graph`, returning what it prints (the DOT text when no file is given).
pub fn run(args: &GraphArgs) -> Result<String, CliError> {
    enum Out {
        Stdout,
        Dot(String),
        Svg(String),
    }
    let out = match &args.out {
        None => Out::Stdout,
        Some(p) if p == "-" => Out::Stdout,
        Some(p) => {
            let lower = p.to_ascii_lowercase();
            if lower.ends_with(".dot") || lower.ends_with(".gv") {
                Out::Dot(p.clone())
            } else if lower.ends_with(".svg") {
                Out::Svg(p.clone())
            } else {
                return Err(CliError::new(format!(
                    "--out {p}: the file name must end in .dot, .gv or .svg"
                )));
            }
        }
    };
    let p = Problem::new(&args.expr, &args.at, &[], args.dtype.into())?;
    let leaves = p.leaves()?;
    let y = p.eval(&leaves)?;
    let vars: Vec<(String, Tensor)> = p
        .bindings
        .iter()
        .zip(&leaves)
        .map(|(b, t)| (b.name.clone(), t.clone()))
        .collect();
    let g = build(&y, &vars)?;
    let title = p.header().lines().next().unwrap_or_default().to_string();
    let write = |path: &str, text: String| {
        std::fs::write(path, text).map_err(|e| CliError::new(format!("cannot write {path}: {e}")))
    };
    let summary = |path: &str| {
        format!(
            "wrote {path} ({} nodes, {} edges)\n",
            g.nodes.len(),
            g.edges.len()
        )
    };
    match out {
        Out::Stdout => Ok(to_dot(&g, &title)),
        Out::Dot(path) => {
            write(&path, to_dot(&g, &title))?;
            Ok(summary(&path))
        }
        Out::Svg(path) => {
            write(&path, to_svg(&g, &title))?;
            Ok(summary(&path))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{eval, EvalOptions};
    use crate::parse::parse;
    use ferrograd::DType;

    fn graph_of(src: &str, names: &[&str]) -> Graph {
        let vars: Vec<(String, Tensor)> = names
            .iter()
            .map(|n| {
                (
                    n.to_string(),
                    Tensor::scalar_tensor(2.0, DType::Float64)
                        .try_requires_grad_(true)
                        .unwrap(),
                )
            })
            .collect();
        let y = eval(
            &parse(src).unwrap(),
            &vars,
            &EvalOptions::new(DType::Float64),
        )
        .unwrap();
        build(&y, &vars).unwrap()
    }

    fn labels(g: &Graph) -> Vec<String> {
        g.nodes.iter().map(|n| n.label.join(" ")).collect()
    }

    #[test]
    fn torchviz_structure() {
        let g = graph_of("x*y + y^2", &["x", "y"]);
        assert_eq!(
            labels(&g),
            [
                "f ()",
                "AddBackward0",
                "MulBackward0",
                "PowBackward0",
                "AccumulateGrad",
                "x ()",
                "AccumulateGrad",
                "y ()"
            ]
        );
        // y's AccumulateGrad feeds both MulBackward0 and PowBackward0: one node, two edges.
        let acc_y = 6;
        assert!(g.edges.contains(&(acc_y, 2)) && g.edges.contains(&(acc_y, 3)));
        assert!(g.edges.contains(&(7, acc_y)));
        assert_eq!(g.edges.len(), 8);
    }

    #[test]
    fn a_variable_alone_and_a_constant() {
        let g = graph_of("x", &["x"]);
        assert_eq!(labels(&g), ["f ()", "x ()"]);
        let y = Tensor::scalar_tensor(1.0, DType::Float64);
        assert!(build(&y, &[]).is_err());
    }

    #[test]
    fn dot_and_svg_escape_text() {
        let g = graph_of("x*x", &["x"]);
        let dot = to_dot(&g, "f(x) = x*x \"q\"");
        assert!(dot.contains("label=\"f(x) = x*x \\\"q\\\"\""));
        assert!(dot.contains("n1 -> n0"));
        let svg = to_svg(&g, "a < b & c");
        assert!(svg.contains("a &lt; b &amp; c"));
    }
}
