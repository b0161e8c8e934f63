//! `ferrograd graph`: the autograd graph of an expression, as torchviz draws it — the output
//! (green), one grey node per `grad_fn` named as PyTorch names it (`MulBackward0`, numbered
//! `#1`, `#2` when one name occurs more than once), an `AccumulateGrad` node per leaf and the
//! leaf itself (blue) labelled by its variable's name — with the value of every tensor node
//! (the leaves, the output, and the result of each `grad_fn`) and, with `--grad`, the gradient
//! of the output with respect to it; written as Graphviz DOT, or drawn as SVG (or PNG) by a
//! small layered layout of its own.

use crate::cli::GraphArgs;
use crate::error::CliError;
use crate::eval::{eval_traced, EvalOptions};
use crate::format::fmt_num;
use crate::layout::{layout, Box as LayoutBox};
pub use crate::problem::count_nodes;
use crate::problem::{gradients, Problem};
use ferrograd::{GradFn, NextFunction, Tensor};
use std::collections::{HashMap, HashSet};
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

/// A [`Graph`] being built, with the set of its edges (so that adding one stays O(1)).
struct Builder {
    g: Graph,
    edge_set: HashSet<(usize, usize)>,
}

impl Builder {
    fn add(&mut self, kind: NodeKind, label: Vec<String>) -> usize {
        self.g.nodes.push(Node { kind, label });
        self.g.nodes.len() - 1
    }
    fn edge(&mut self, from: usize, to: usize) {
        if self.edge_set.insert((from, to)) {
            self.g.edges.push((from, to));
        }
    }
}

/// The tensors whose values (and gradients) the graph's nodes show.
#[derive(Clone, Debug, Default)]
pub struct Values {
    /// Tensors computed on the way to the output (their `grad_fn`s are the graph's functions).
    pub intermediates: Vec<Tensor>,
    /// The gradient of the output with respect to each intermediate, and to each leaf (by
    /// identity), when asked for.
    pub grads: Vec<(Tensor, Tensor)>,
}

impl Values {
    /// Each gradient by the identity ([`Tensor::id`]) of the tensor it is the gradient for.
    fn grads_by_id(&self) -> HashMap<usize, &Tensor> {
        self.grads.iter().rev().map(|(u, g)| (u.id(), g)).collect()
    }
}

/// A tensor's value in a few characters: `1.5`, `[1, 2, 3]`, `[1, 2, 3, …]` (the first three
/// of a larger tensor, flattened).
///
/// ```
/// use ferrograd::Tensor;
/// use ferrograd_cli::graph::short_value;
/// assert_eq!(short_value(&Tensor::new(1.5)), "1.5");
/// assert_eq!(short_value(&Tensor::new([[1.0, 2.0], [3.0, 4.0]])), "[1, 2, 3, …]");
/// ```
pub fn short_value(t: &Tensor) -> String {
    let v = t.to_vec::<f64>();
    let d = t.dtype();
    if t.shape().is_empty() {
        return v.first().map_or_else(String::new, |x| fmt_num(*x, d));
    }
    let shown: Vec<String> = v.iter().take(3).map(|x| fmt_num(*x, d)).collect();
    if v.len() > 3 {
        format!("[{}, …]", shown.join(", "))
    } else {
        format!("[{}]", shown.join(", "))
    }
}

/// Walks the graph behind `output` through `grad_fn().next_functions()`, naming leaves by the
/// variable (in `vars`) that is the same tensor, and showing the values (and gradients) known in
/// `values`.
pub fn build(
    output: &Tensor,
    vars: &[(String, Tensor)],
    values: &Values,
) -> Result<Graph, CliError> {
    if !output.requires_grad() {
        return Err(CliError::new(
            "the expression depends on no variable, so autograd records no graph: give it a variable with --at",
        ));
    }
    let mut g = Builder {
        g: Graph {
            nodes: Vec::new(),
            edges: Vec::new(),
        },
        edge_set: HashSet::new(),
    };
    let grads = values.grads_by_id();
    let shown = |mut label: Vec<String>, t: Option<&Tensor>| {
        if let Some(t) = t {
            label.push(format!("value {}", short_value(t)));
            if let Some(gr) = grads.get(&t.id()) {
                label.push(format!("grad {}", short_value(gr)));
            }
        }
        label
    };
    let out = g.add(
        NodeKind::Output,
        shown(vec!["f".into(), size_str(output.shape())], Some(output)),
    );
    // By identity; each entry keeps its tensor alive, so that identities stay unique.
    let mut leaves: HashMap<usize, (Tensor, usize)> = HashMap::new();
    let leaf_label = |t: &Tensor| -> String {
        vars.iter()
            .find(|(_, v)| v.is_same(t))
            .map_or_else(|| "leaf".to_string(), |(n, _)| n.clone())
    };
    let Some(root) = output.grad_fn() else {
        // The output is itself a variable.
        let v = g.add(
            NodeKind::Variable,
            shown(
                vec![leaf_label(output), size_str(output.shape())],
                Some(output),
            ),
        );
        g.edge(v, out);
        return Ok(g.g);
    };
    // The tensor a grad_fn produced, by the grad_fn's address (the first such tensor).
    let mut by_address: HashMap<usize, &Tensor> = HashMap::new();
    let mut fns = Vec::new(); // keeps the addresses unique while the map is used
    for t in &values.intermediates {
        if let Some(f) = t.grad_fn() {
            by_address.entry(f.address()).or_insert(t);
            fns.push(f);
        }
    }
    let produced = |f: &GradFn| -> Option<&Tensor> { by_address.get(&f.address()).copied() };
    let function = |f: &GradFn| shown(vec![f.name().to_string()], produced(f));
    let mut seen: HashMap<usize, usize> = HashMap::new();
    let mut keep: Vec<GradFn> = Vec::new(); // keeps addresses unique while walking
    let mut queue: Vec<(GradFn, usize)> = Vec::new();
    let r = g.add(NodeKind::Function, function(&root));
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
                            let j = g.add(NodeKind::Function, function(&n));
                            seen.insert(n.address(), j);
                            keep.push(n.clone());
                            queue.push((n, j));
                            j
                        }
                    };
                    g.edge(j, idx);
                }
                NextFunction::AccumulateGrad(t) => {
                    let acc = match leaves.get(&t.id()) {
                        Some((_, a)) => *a,
                        None => {
                            let acc = g.add(NodeKind::Accumulate, vec!["AccumulateGrad".into()]);
                            let v = g.add(
                                NodeKind::Variable,
                                shown(vec![leaf_label(&t), size_str(t.shape())], Some(&t)),
                            );
                            g.edge(v, acc);
                            leaves.insert(t.id(), (t, acc));
                            acc
                        }
                    };
                    g.edge(acc, idx);
                }
            }
        }
    }
    let mut g = g.g;
    number_duplicates(&mut g);
    Ok(g)
}

/// Numbers the functions whose names occur more than once (`MulBackward0 #1`, `#2`, …, from the
/// output up), so that every box can be told apart.
fn number_duplicates(g: &mut Graph) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for n in g.nodes.iter().filter(|n| n.kind == NodeKind::Function) {
        *counts.entry(n.label[0].clone()).or_default() += 1;
    }
    let mut next: HashMap<String, usize> = HashMap::new();
    for n in g.nodes.iter_mut().filter(|n| n.kind == NodeKind::Function) {
        if counts[&n.label[0]] > 1 {
            let k = next.entry(n.label[0].clone()).or_default();
            *k += 1;
            n.label[0] = format!("{} #{k}", n.label[0]);
        }
    }
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
const LINE_H: f64 = FONT * 1.3;
const PAD_X: f64 = 10.0;
const PAD_Y: f64 = 6.0;

/// The graph drawn as SVG: layers from the variables (top) to the output (bottom).
pub fn to_svg(g: &Graph, title: &str) -> String {
    let boxes: Vec<LayoutBox> = g
        .nodes
        .iter()
        .map(|n| {
            let text_w = n
                .label
                .iter()
                .map(|l| crate::chart::text_width(l, FONT))
                .fold(FONT, f64::max);
            LayoutBox {
                w: text_w + 2.0 * PAD_X,
                h: n.label.len() as f64 * LINE_H + 2.0 * PAD_Y,
            }
        })
        .collect();
    let title_h = 34.0;
    let title_w = crate::chart::text_width(title, 14.0) + 40.0;
    let lay = layout(&boxes, &g.edges, 0);
    let width = lay.width.max(title_w);
    let dx = (width - lay.width) / 2.0;
    let height = lay.height + title_h;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="DejaVu Sans, sans-serif">"#,
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

/// The output, the named leaves and the values [`evaluate`] gives.
pub type Evaluated = (Tensor, Vec<(String, Tensor)>, Values);

/// Evaluates the problem's expression on fresh leaves, keeping the intermediate tensors and,
/// with `grads`, the gradient of the output (of its sum, if it is not a scalar) with respect to
/// each of them and to each leaf. Returns the output, the named leaves and those values.
pub fn evaluate(p: &Problem, grads: bool) -> Result<Evaluated, CliError> {
    let leaves = p.leaves()?;
    let vars: Vec<(String, Tensor)> = p
        .bindings
        .iter()
        .zip(&leaves)
        .map(|(b, t)| (b.name.clone(), t.clone()))
        .collect();
    let mut values = Values::default();
    let y = eval_traced(
        &p.expr,
        &vars,
        &EvalOptions::new(p.dtype),
        &mut values.intermediates,
    )
    .map_err(|e| CliError::eval(&e, &p.expr.source))?
    .into_tensor(p.dtype);
    if grads && y.requires_grad() {
        let mut inputs: Vec<Tensor> = values
            .intermediates
            .iter()
            .filter(|t| t.requires_grad() && !t.is_same(&y))
            .cloned()
            .collect();
        inputs.extend(leaves.iter().cloned());
        let total = if y.numel() == 1 {
            y.clone()
        } else {
            y.try_sum()?
        };
        let gs = gradients(&total, &inputs, None, false)?;
        values.grads = inputs.into_iter().zip(gs).collect();
        values.grads.push((y.clone(), y.detach().ones_like()));
    }
    Ok((y, vars, values))
}

/// Runs `graph`, returning what it prints (the DOT text when no file is given).
pub fn run(args: &GraphArgs) -> Result<String, CliError> {
    enum Out {
        Stdout,
        Dot(String),
        Svg(String),
        Png(String),
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
            } else if lower.ends_with(".png") {
                Out::Png(p.clone())
            } else {
                return Err(CliError::new(format!(
                    "--out {p}: the file name must end in .dot, .gv, .svg or .png"
                )));
            }
        }
    };
    let src = crate::cli::expression(&args.expr, &args.file)?;
    let p = Problem::new(&src, &args.at, &[], args.dtype.into())?;
    let (y, vars, values) = evaluate(&p, args.grad)?;
    let g = build(&y, &vars, &values)?;
    if g.nodes.len() > args.max_nodes {
        return Err(CliError::new(format!(
            "the graph has {} nodes, more than the limit of {} (--max-nodes); give --max-nodes {} or more to draw it anyway",
            g.nodes.len(),
            args.max_nodes,
            g.nodes.len()
        )));
    }
    let title = p.header().lines().next().unwrap_or_default().to_string();
    let write = crate::raster::write_file;
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
            write(&path, to_dot(&g, &title).as_bytes())?;
            Ok(summary(&path))
        }
        Out::Svg(path) => {
            write(&path, to_svg(&g, &title).as_bytes())?;
            Ok(summary(&path))
        }
        Out::Png(path) => {
            write(&path, &crate::raster::svg_to_png(&to_svg(&g, &title))?)?;
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
        build(&y, &vars, &Values::default()).unwrap()
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
                "f () value 8",
                "AddBackward0",
                "MulBackward0",
                "PowBackward0",
                "AccumulateGrad",
                "x () value 2",
                "AccumulateGrad",
                "y () value 2"
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
        assert_eq!(labels(&g), ["f () value 2", "x () value 2"]);
        let y = Tensor::scalar_tensor(1.0, DType::Float64);
        assert!(build(&y, &[], &Values::default()).is_err());
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
