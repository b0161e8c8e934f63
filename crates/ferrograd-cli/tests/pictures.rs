//! The pictures: `plot` (PNG and SVG, poles, ticks, legend, --ylim, --logy, --panels) and
//! `graph` (values, gradients, numbered functions), checked in the files written.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn ferrograd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ferrograd"))
}

/// Runs `args` followed by `--out PATH` (a file NAME in a fresh directory), expecting success
/// with nothing on stderr; returns the directory, the path and stdout.
fn draw(args: &[&str], name: &str) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    let out = ferrograd()
        .args(args)
        .arg("--out")
        .arg(&path)
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    (dir, path, String::from_utf8(out).unwrap())
}

fn decode_png(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(std::fs::File::open(path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let px = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|c| [c[0], c[1], c[2]])
        .collect();
    (info.width, info.height, px)
}

fn count(px: &[[u8; 3]], rgb: [u8; 3]) -> usize {
    px.iter().filter(|p| **p == rgb).count()
}

/// An SVG file's text and the document's parts that the tests read.
struct Svg {
    text: String,
}

impl Svg {
    fn read(path: &Path) -> Svg {
        Svg {
            text: std::fs::read_to_string(path).unwrap(),
        }
    }
    fn doc(&self) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(&self.text).unwrap()
    }
    /// The texts of the elements of class `class`, in order.
    fn texts(&self, class: &str) -> Vec<String> {
        self.doc()
            .descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .map(|n| n.text().unwrap_or_default().to_string())
            .collect()
    }
    /// Each curve piece: its series and its points.
    fn curves(&self) -> Vec<(usize, Vec<(f64, f64)>)> {
        self.doc()
            .descendants()
            .filter(|n| n.attribute("class") == Some("curve"))
            .map(|n| {
                let k = n.attribute("data-series").unwrap().parse().unwrap();
                let pts = n
                    .attribute("points")
                    .unwrap()
                    .split(' ')
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect();
                (k, pts)
            })
            .collect()
    }
    fn pieces(&self, series: usize) -> usize {
        self.curves().iter().filter(|c| c.0 == series).count()
    }
}

#[test]
fn plot_png_has_every_curve_anti_aliased() {
    let (_d, path, out) = draw(
        &["plot", "x^3 - 3*x", "--over", "x=-3:3", "--order", "2"],
        "plot.png",
    );
    assert!(out.starts_with("wrote "), "{out}");
    let (w, h, px) = decode_png(&path);
    assert_eq!((w, h), (640, 480));
    let white = count(&px, [255, 255, 255]);
    assert!(white < px.len() * 98 / 100, "almost blank");
    assert!(white > px.len() / 2, "mostly background");
    for (name, rgb) in [
        ("f", [255, 0, 0]),
        ("f'", [0, 128, 0]),
        ("f''", [0, 0, 255]),
    ] {
        assert!(count(&px, rgb) > 300, "{name}'s colour {rgb:?} missing");
    }
    // Anti-aliasing: the red curve's edges blend into white, in many levels between.
    let mut levels = std::collections::BTreeSet::new();
    let mut blended = 0;
    for p in &px {
        if p[0] == 255 && p[1] == p[2] && p[1] > 0 && p[1] < 255 {
            levels.insert(p[1]);
            blended += 1;
        }
    }
    assert!(levels.len() >= 20, "{} levels of red", levels.len());
    assert!(blended >= 1000, "{blended} blended pixels");
}

#[test]
fn plot_options() {
    let (_d, path, _) = draw(
        &[
            "plot", "a*sin(x)", "--over", "x=-pi:pi", "--at", "a=2", "--points", "50", "--order",
            "0", "--size", "320x200",
        ],
        "p.png",
    );
    let (w, h, px) = decode_png(&path);
    assert_eq!((w, h), (320, 200));
    assert!(count(&px, [255, 0, 0]) > 100);
    assert_eq!(count(&px, [0, 128, 0]), 0, "no derivative asked for");
    // A constant is a flat line.
    let (_d, path, _) = draw(&["plot", "3", "--over", "x=0:1"], "c.svg");
    let svg = Svg::read(&path);
    assert_eq!(svg.pieces(0), 1);
    assert!(svg.curves()[0]
        .1
        .iter()
        .all(|p| p.1 == svg.curves()[0].1[0].1));
}

#[test]
fn plot_svg_parses_with_curves_legend_and_fractional_coordinates() {
    let (_d, path, _) = draw(
        &["plot", "x^3 - 3*x", "--over", "x=-3:3", "--order", "2"],
        "plot.svg",
    );
    let svg = Svg::read(&path);
    let doc = svg.doc();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("width"), Some("640"));
    let strokes: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("curve"))
        .filter_map(|n| n.attribute("stroke"))
        .collect();
    assert_eq!(strokes, ["#ff0000", "#008000", "#0000ff"]);
    assert_eq!(svg.texts("title"), ["f(x) = x^3 - 3*x"]);
    assert_eq!(svg.texts("legend-label"), ["f(x)", "df/dx", "d²f/dx²"]);
    assert_eq!(svg.texts("ylabel"), ["f and its derivatives"]);
    assert_eq!(svg.texts("xlabel"), ["x"]);
    // Coordinates are not rounded to whole pixels.
    let pts: Vec<(f64, f64)> = svg.curves().into_iter().flat_map(|c| c.1).collect();
    assert_eq!(pts.len(), 300);
    let fractional = pts
        .iter()
        .filter(|p| p.0.fract() != 0.0 || p.1.fract() != 0.0);
    assert!(fractional.count() > 250);
}

#[test]
fn curves_break_at_poles_and_where_undefined() {
    // tan over [-pi, pi]: poles at ±pi/2, so three pieces; its derivative 1 + tan² has no sign
    // change, so it is one piece.
    let (_d, path, _) = draw(
        &["plot", "tan(x)", "--over", "x=-pi:pi", "--points", "200"],
        "tan.svg",
    );
    let svg = Svg::read(&path);
    assert_eq!(svg.pieces(0), 3);
    assert_eq!(svg.pieces(1), 1);
    // 1/x with 0 not sampled: two pieces; with 0 sampled (inf), a gap: two pieces and one
    // point fewer.
    let (_d, path, _) = draw(
        &["plot", "1/x", "--over", "x=-1:1", "--order", "0"],
        "a.svg",
    );
    let svg = Svg::read(&path);
    let pieces: Vec<usize> = svg.curves().iter().map(|c| c.1.len()).collect();
    assert_eq!(pieces, [50, 50]);
    let (_d, path, _) = draw(
        &[
            "plot", "1/x", "--over", "x=-2:2", "--points", "5", "--order", "0",
        ],
        "b.svg",
    );
    let pieces: Vec<usize> = Svg::read(&path)
        .curves()
        .iter()
        .map(|c| c.1.len())
        .collect();
    assert_eq!(pieces, [2, 2]);
    // log x is NaN for x < 0 and -inf at 0: only the positive part is drawn, in one piece.
    let (_d, path, _) = draw(
        &[
            "plot", "log(x)", "--over", "x=-1:3", "--points", "5", "--order", "0",
        ],
        "log.svg",
    );
    let pieces: Vec<usize> = Svg::read(&path)
        .curves()
        .iter()
        .map(|c| c.1.len())
        .collect();
    assert_eq!(pieces, [3]);
}

#[test]
fn tick_labels_are_snapped_and_alike() {
    let (_d, path, _) = draw(
        &["plot", "x", "--over", "x=-0.3:0.3", "--order", "0"],
        "t.svg",
    );
    let svg = Svg::read(&path);
    let want = ["−0.3", "−0.2", "−0.1", "0.0", "0.1", "0.2", "0.3"];
    assert_eq!(svg.texts("xtick-label"), want);
    assert_eq!(svg.texts("ytick-label"), want);
    let (_d, path, _) = draw(
        &["plot", "x*1e-3", "--over", "x=0:1", "--order", "0"],
        "s.svg",
    );
    let svg = Svg::read(&path);
    assert_eq!(
        svg.texts("ytick-label"),
        ["0", "0.2e-3", "0.4e-3", "0.6e-3", "0.8e-3", "1.0e-3"]
    );
    assert!(!svg.text.contains("e-16") && !svg.text.contains("e-17"));
}

#[test]
fn the_legend_covers_no_data() {
    // x² fills both upper corners and 2x the lower left: the legend goes lower right.
    let (_d, path, _) = draw(&["plot", "x^2", "--over", "x=-3:3"], "l.svg");
    let svg = Svg::read(&path);
    let doc = svg.doc();
    let legend = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("legend"))
        .unwrap();
    assert_eq!(legend.attribute("data-corner"), Some("lower right"));
    let rect = legend
        .descendants()
        .find(|n| n.attribute("class") == Some("legend-box"))
        .unwrap();
    let f = |a: &str| rect.attribute(a).unwrap().parse::<f64>().unwrap();
    let (x, y, w, h) = (f("x"), f("y"), f("width"), f("height"));
    for (_, pts) in svg.curves() {
        // The points and the lines between them, finely sampled.
        for pair in pts.windows(2) {
            for t in 0..=20 {
                let s = f64::from(t) / 20.0;
                let px = pair[0].0 + (pair[1].0 - pair[0].0) * s;
                let py = pair[0].1 + (pair[1].1 - pair[0].1) * s;
                assert!(
                    !(px >= x && px <= x + w && py >= y && py <= y + h),
                    "({px}, {py}) under the legend"
                );
            }
        }
    }
}

#[test]
fn ylim_logy_and_panels() {
    let (_d, path, _) = draw(
        &[
            "plot", "tan(x)", "--over", "x=-pi:pi", "--ylim", "-10,10", "--order", "0",
        ],
        "y.svg",
    );
    let svg = Svg::read(&path);
    assert_eq!(
        svg.texts("ytick-label"),
        ["−10.0", "−7.5", "−5.0", "−2.5", "0.0", "2.5", "5.0", "7.5", "10.0"]
    );
    assert!(svg.text.contains("clip-path=\"url(#clip0)\""));

    let (_d, path, out) = draw(&["plot", "exp(x)", "--over", "x=0:10", "--logy"], "e.svg");
    assert!(!out.contains("note:"), "{out}");
    let svg = Svg::read(&path);
    assert_eq!(
        svg.texts("ytick-label"),
        ["1", "10", "100", "1000", "10000"]
    );
    let (_d, _, out) = draw(&["plot", "x", "--over", "x=-1:1", "--logy"], "n.svg");
    assert!(
        out.ends_with(
            "note: --logy leaves out values <= 0, which a log scale cannot show: 50 of f(x)\n"
        ),
        "{out}"
    );

    let (_d, path, _) = draw(
        &[
            "plot", "x^3", "--over", "x=-2:2", "--order", "2", "--panels",
        ],
        "p.svg",
    );
    let svg = Svg::read(&path);
    let doc = svg.doc();
    assert_eq!(doc.root_element().attribute("height"), Some("720"));
    let axes = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("axes"))
        .count();
    assert_eq!(axes, 3);
    assert_eq!(svg.texts("ylabel"), ["f(x)", "df/dx", "d²f/dx²"]);
    assert_eq!(svg.texts("xlabel"), ["x"]);
    assert_eq!(svg.texts("title"), ["f(x) = x^3"]);
    // One curve in each panel.
    for a in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("axes"))
    {
        let curves = a
            .descendants()
            .filter(|n| n.attribute("class") == Some("curve"))
            .count();
        assert_eq!(curves, 1);
    }

    ferrograd()
        .args([
            "plot", "x", "--over", "x=0:1", "--ylim", "1", "--out", "a.svg",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--ylim 1: expected LO,HI"));
    ferrograd()
        .args([
            "plot", "x", "--over", "x=0:1", "--logy", "--ylim", "-1,1", "--out", "a.svg",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("lower limit must be positive"));
}

// ---- graph -----------------------------------------------------------------------------------

#[test]
fn graph_dot_on_stdout_and_in_a_file() {
    let out = ferrograd()
        .args(["graph", "x*y + sin(x)", "--at", "x=1,y=2"])
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let dot = String::from_utf8(out).unwrap();
    assert!(dot.starts_with("digraph {"));
    for label in [
        "\"AddBackward0\\nvalue 2.8414709848078967\"",
        "\"MulBackward0\\nvalue 2\"",
        "\"SinBackward0\\nvalue 0.8414709848078965\"",
        "\"AccumulateGrad\"",
        "\"x\\n()\\nvalue 1\" fillcolor=lightblue",
        "\"y\\n()\\nvalue 2\" fillcolor=lightblue",
        "\"f\\n()\\nvalue 2.8414709848078967\" fillcolor=darkolivegreen1",
    ] {
        assert!(dot.contains(label), "{label} not in {dot}");
    }
    assert_eq!(dot.matches("AccumulateGrad").count(), 2, "one per leaf");
    assert_eq!(dot.matches(" -> ").count(), 8);
    assert!(!dot.contains("grad "), "gradients only with --grad");

    let (_d, path, out) = draw(&["graph", "x*y + sin(x)", "--at", "x=1,y=2"], "g.dot");
    assert!(out.ends_with("(8 nodes, 8 edges)\n"), "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), dot);
}

/// The nodes of a graph SVG: (kind, label lines).
fn graph_nodes(path: &Path) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("node"))
        .map(|n| {
            let lines = n
                .descendants()
                .filter(|t| t.has_tag_name("text"))
                .filter_map(|t| t.text())
                .map(str::to_string)
                .collect();
            (n.attribute("data-kind").unwrap().to_string(), lines)
        })
        .collect()
}

#[test]
fn graph_svg_shows_values_gradients_and_numbered_functions() {
    let (_d, path, _) = draw(
        &["graph", "x*y*x + sin(x)", "--at", "x=1,y=2", "--grad"],
        "g.svg",
    );
    let nodes = graph_nodes(&path);
    let find = |first: &str| {
        nodes
            .iter()
            .find(|n| n.1[0] == first)
            .unwrap_or_else(|| panic!("{first} not in {nodes:?}"))
            .clone()
    };
    // f = x²y + sin x: ∂f/∂x = 2xy + cos x, ∂f/∂y = x².
    assert_eq!(find("x").1, ["x", "()", "value 1", "grad 4.54030230586814"]);
    assert_eq!(find("y").1, ["y", "()", "value 2", "grad 1"]);
    assert_eq!(
        find("f").1,
        ["f", "()", "value 2.8414709848078967", "grad 1"]
    );
    // The two products are told apart: x*y (value 2, gradient x = 1) and (x*y)*x (value 2,
    // gradient 1).
    assert_eq!(
        find("MulBackward0 #1").1,
        ["MulBackward0 #1", "value 2", "grad 1"]
    );
    assert_eq!(
        find("MulBackward0 #2").1,
        ["MulBackward0 #2", "value 2", "grad 1"]
    );
    assert_eq!(
        find("SinBackward0").1,
        ["SinBackward0", "value 0.8414709848078965", "grad 1"]
    );
    assert!(!nodes.iter().any(|n| n.1[0] == "MulBackward0"));
    // Vectors show their first elements.
    let (_d, path, _) = draw(
        &["graph", "sum(v^2)", "--at", "v=[1,2,3,4]", "--grad"],
        "v.svg",
    );
    let nodes = graph_nodes(&path);
    let v = nodes.iter().find(|n| n.1[0] == "v").unwrap();
    assert_eq!(v.1, ["v", "(4)", "value [1, 2, 3, …]", "grad [2, 4, 6, …]"]);
}

#[test]
fn graph_svg_parses_with_named_nodes_and_edges() {
    let (_d, path, _) = draw(
        &[
            "graph",
            "sum(v^2) + dot(v, w)",
            "--at",
            "v=[1,2]",
            "--at",
            "w=[3,4]",
        ],
        "g.svg",
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let nodes: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("node"))
        .collect();
    let label = |n: &roxmltree::Node| -> String {
        n.descendants()
            .filter(|t| t.has_tag_name("text"))
            .filter_map(|t| t.text())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let labels: Vec<String> = nodes.iter().map(label).collect();
    for want in [
        "f () value 16",
        "AddBackward0 value 16",
        "SumBackward0 value 5",
        "PowBackward0 value [1, 4]",
        "DotBackward0 value 11",
        "v (2) value [1, 2]",
        "w (2) value [3, 4]",
    ] {
        assert!(labels.iter().any(|l| l == want), "{want} not in {labels:?}");
    }
    assert_eq!(labels.iter().filter(|l| *l == "AccumulateGrad").count(), 2);
    let edges: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("edge"))
        .collect();
    assert_eq!(edges.len(), 9);
    // Every edge joins two drawn nodes, and no two nodes' boxes overlap.
    let ids: Vec<&str> = nodes.iter().filter_map(|n| n.attribute("id")).collect();
    for e in &edges {
        assert!(ids.contains(&e.attribute("data-from").unwrap()));
        assert!(ids.contains(&e.attribute("data-to").unwrap()));
    }
    let rects: Vec<[f64; 4]> = nodes
        .iter()
        .map(|n| {
            let r = n.children().find(|c| c.has_tag_name("rect")).unwrap();
            let f = |a: &str| r.attribute(a).unwrap().parse::<f64>().unwrap();
            [f("x"), f("y"), f("width"), f("height")]
        })
        .collect();
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[..i] {
            let apart = a[0] + a[2] <= b[0]
                || b[0] + b[2] <= a[0]
                || a[1] + a[3] <= b[1]
                || b[1] + b[3] <= a[1];
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
    // The same graph as PNG.
    let (_d, path, _) = draw(
        &[
            "graph",
            "sum(v^2) + dot(v, w)",
            "--at",
            "v=[1,2]",
            "--at",
            "w=[3,4]",
        ],
        "g.png",
    );
    let (_, _, px) = decode_png(&path);
    assert!(
        count(&px, [0xca, 0xff, 0x70]) > 500,
        "the output's green box"
    );
}

// ---- tour ------------------------------------------------------------------------------------

/// Splits the seeds' part of the tour's output into headings and outputs, with addresses shown
/// as the goldens show them.
fn sections(seeds: &str) -> Vec<(String, String)> {
    let mut secs: Vec<(String, String)> = Vec::new();
    for line in seeds.split_inclusive('\n') {
        if line.starts_with("== seed ") {
            if let Some(last) = secs.last_mut() {
                assert!(last.1.ends_with("\n\n"), "a blank line between seeds");
                last.1.pop();
            }
            secs.push((line.trim_end().to_string(), String::new()));
        } else {
            secs.last_mut().expect("a heading first").1.push_str(line);
        }
    }
    for s in &mut secs {
        s.1 = mask_addresses(&s.1);
    }
    secs
}

fn mask_addresses(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(" object at 0x") {
        let (head, tail) = rest.split_at(i + " object at 0x".len());
        out.push_str(head);
        out.push('…');
        rest = tail.trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}

/// Checks the tour's output: the two lines of introduction, the seeds exactly as the goldens,
/// then the plot's path (in `dir`, written there) and three commands to try, which all run.
fn check_tour(out: &str, dir: &Path) {
    let intro = ferrograd_cli::tour::INTRO;
    assert_eq!(intro.lines().count(), 2);
    assert!(out.starts_with(intro), "{out}");
    assert!(intro.contains("PyTorch autograd tutorial") && intro.contains("exactly"));
    let rest = &out[intro.len()..];
    let rest = rest
        .strip_prefix('\n')
        .expect("a blank line after the introduction");
    let end = rest.find("\nSeed 003's plot: ").expect("the plot's path");
    let (seeds, outro) = (&rest[..=end], &rest[end + 1..]);
    let secs = sections(seeds);
    let golden = [
        include_str!("golden/seed_000.out"),
        include_str!("golden/seed_001.out"),
        include_str!("golden/seed_002.out"),
        include_str!("golden/seed_003.out"),
        include_str!("golden/seed_004.out"),
    ];
    assert_eq!(secs.len(), 5);
    for (i, ((heading, body), want)) in secs.iter().zip(golden).enumerate() {
        assert!(
            heading.starts_with(&format!("== seed 00{i}: ")),
            "{heading}"
        );
        let body = if i == 4 {
            body.strip_suffix('\n').unwrap()
        } else {
            body
        };
        assert_eq!(body, want, "seed 00{i}");
    }
    let plot = dir.canonicalize().unwrap().join("seed_003.png");
    let lines: Vec<&str> = outro.lines().collect();
    assert_eq!(lines.len(), 5, "{outro}");
    assert_eq!(lines[0], format!("Seed 003's plot: {}", plot.display()));
    assert_eq!(lines[1], "Try next:");
    for (line, cmd) in lines[2..].iter().zip(["grad", "plot", "graph"]) {
        let prefix = format!("  cargo run --release -- {cmd} ");
        assert!(line.starts_with(&prefix), "{line}");
        // Each runs as written (with the binary for `cargo run --release --`).
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "'{}' {} >/dev/null",
                env!("CARGO_BIN_EXE_ferrograd"),
                &line[prefix.len() - cmd.len() - 1..]
            ))
            .status()
            .unwrap();
        assert!(status.success(), "{line}");
    }
    let (w, h, px) = decode_png(&plot);
    assert_eq!((w, h), (640, 480));
    assert!(count(&px, [255, 0, 0]) > 300, "the function in red");
    assert!(count(&px, [0, 128, 0]) > 300, "the derivative in green");
    assert!(dir.join("tan.svg").exists() && dir.join("graph.svg").exists());
}

#[test]
fn the_first_run_explains_prints_the_seeds_and_says_what_next() {
    // `ferrograd` alone, as `cargo run --release` runs it: its files go to the temporary
    // directory, and nothing is printed on stderr.
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let out = ferrograd()
        .current_dir(cwd.path())
        .env("TMPDIR", tmp.path())
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    check_tour(
        &String::from_utf8(out).unwrap(),
        &tmp.path().join("ferrograd-tour"),
    );
    assert_eq!(
        std::fs::read_dir(cwd.path()).unwrap().count(),
        0,
        "nothing in the current directory"
    );

    // `tour --out-dir`.
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("pictures");
    let out = ferrograd()
        .arg("tour")
        .arg("--out-dir")
        .arg(&out_dir)
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    check_tour(&String::from_utf8(out).unwrap(), &out_dir);
}

#[test]
fn seed_003s_plot_is_drawn_as_matplotlib_draws_it() {
    let xs: Vec<f64> = (0..100)
        .map(|i| -10.0 + 20.0 * f64::from(i) / 99.0)
        .collect();
    let f = xs.iter().map(|x| 10.0 * x * x * x).collect();
    let df = xs.iter().map(|x| 30.0 * x * x).collect();
    let fig = ferrograd_cli::tour::seed_003_figure(xs, f, df);
    let text = ferrograd_cli::chart::to_svg(&fig);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let texts = |class: &str| -> Vec<&str> {
        doc.descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .filter_map(|n| n.text())
            .collect()
    };
    assert_eq!(
        texts("xtick-label"),
        ["−10.0", "−7.5", "−5.0", "−2.5", "0.0", "2.5", "5.0", "7.5", "10.0"]
    );
    assert_eq!(
        texts("ytick-label"),
        ["−10000", "−7500", "−5000", "−2500", "0", "2500", "5000", "7500", "10000"]
    );
    assert_eq!(
        texts("legend-label"),
        ["Main Function", "Derivative of function"]
    );
    let legend = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("legend"))
        .unwrap();
    assert_eq!(legend.attribute("data-corner"), Some("upper left"));
    // Matplotlib's axes: from 12.5 % to 90 % of the width, 12 % to 89 % of the height.
    let frame = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("frame"))
        .unwrap();
    let f = |a: &str| frame.attribute(a).unwrap().parse::<f64>().unwrap();
    assert_eq!(
        (f("x"), f("y"), f("width"), f("height")),
        (80.0, 57.6, 496.0, 369.6)
    );
}
