//! `einsum`: PyTorch's equation language (`"bij,bjk->bik"`, `'...'` for broadcast dimensions,
//! the implicit output of labels seen once, in alphabetical order) evaluated as a composition
//! of differentiable ops — diagonals by `index_select`, sums over labels used once, and a batched
//! `matmul` for each pair of operands — so its gradients (of any order) are theirs.

use crate::error::{runtime, Result};
use crate::Tensor;

/// A dimension's label: a letter, or position `k` of the broadcast (`...`) dimensions, which come
/// first in the numbering.
type Label = usize;

fn err(msg: impl std::fmt::Display) -> crate::Error {
    runtime(format!("einsum(): {msg}"))
}

/// One operand's subscripts: letters (as 0..52, `A`–`Z` then `a`–`z`), with the position of
/// the ellipsis among them if there is one.
struct Term {
    letters: Vec<usize>,
    ellipsis_at: Option<usize>,
}

fn letter(c: char) -> Option<usize> {
    match c {
        'A'..='Z' => Some(c as usize - 'A' as usize),
        'a'..='z' => Some(26 + c as usize - 'a' as usize),
        _ => None,
    }
}

fn letter_char(l: usize) -> char {
    if l < 26 {
        (b'A' + l as u8) as char
    } else {
        (b'a' + (l - 26) as u8) as char
    }
}

/// Parses the subscripts of one side starting at `offset` in the equation; `who` names the
/// operand in messages (`operand 0`, `output`).
fn parse_term(s: &str, offset: usize, who: &str) -> Result<Term> {
    let chars: Vec<char> = s.chars().collect();
    let mut t = Term {
        letters: Vec::new(),
        ellipsis_at: None,
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' {
            i += 1;
            continue;
        }
        if c == '.' {
            if t.ellipsis_at.is_some() {
                return Err(err(format!(
                    "found '.' for {who} for which an ellipsis was already found"
                )));
            }
            if i + 2 >= chars.len() || chars[i + 1] != '.' || chars[i + 2] != '.' {
                return Err(err(format!(
                    "found '.' for {who} that is not part of any ellipsis"
                )));
            }
            t.ellipsis_at = Some(t.letters.len());
            i += 3;
            continue;
        }
        match letter(c) {
            Some(l) => t.letters.push(l),
            None => {
                return Err(err(format!(
                    "invalid subscript given at index {} in the equation string, subscripts must be in [a-zA-Z]",
                    offset + i
                )))
            }
        }
        i += 1;
    }
    Ok(t)
}

/// A tensor with the label of each of its dimensions.
struct Labelled {
    t: Tensor,
    labels: Vec<Label>,
}

impl Labelled {
    fn size(&self, l: Label) -> Option<usize> {
        self.labels
            .iter()
            .position(|&x| x == l)
            .map(|p| self.t.shape()[p])
    }

    /// Sums the dimensions whose labels `drop` says to.
    fn sum_out(self, drop: impl Fn(Label) -> bool) -> Result<Labelled> {
        let dims: Vec<isize> = (0..self.labels.len())
            .filter(|&p| drop(self.labels[p]))
            .map(|p| p as isize)
            .collect();
        if dims.is_empty() {
            return Ok(self);
        }
        let labels = self.labels.iter().copied().filter(|&l| !drop(l)).collect();
        Ok(Labelled {
            t: self.t.try_sum_dims(&dims, false)?,
            labels,
        })
    }

    /// The dimensions reordered as `order` (which names each label once).
    fn permuted(&self, order: &[Label]) -> Result<Tensor> {
        let perm: Vec<isize> = order
            .iter()
            .map(|l| self.labels.iter().position(|x| x == l).expect("label") as isize)
            .collect();
        if perm.iter().enumerate().all(|(i, &p)| i as isize == p) {
            Ok(self.t.clone())
        } else {
            self.t.try_permute(&perm)
        }
    }

    /// Replaces each repeated label by the diagonal of its dimensions.
    fn diagonals(mut self) -> Result<Labelled> {
        while let Some((a, b)) = repeated(&self.labels) {
            let nd = self.labels.len();
            let n = self.t.shape()[a];
            let mut perm: Vec<isize> = (0..nd)
                .filter(|&p| p != a && p != b)
                .map(|p| p as isize)
                .collect();
            perm.push(a as isize);
            perm.push(b as isize);
            let moved = self.t.try_permute(&perm)?;
            let mut shape = moved.shape()[..nd - 2].to_vec();
            shape.push(n * n);
            let flat = moved.try_reshape(&shape)?;
            let diag = Tensor::from_vec(
                (0..n as i64)
                    .map(|i| i * (n as i64 + 1))
                    .collect::<Vec<_>>(),
                &[n],
            );
            let l = self.labels[a];
            let mut labels: Vec<Label> = perm[..nd - 2]
                .iter()
                .map(|&p| self.labels[p as usize])
                .collect();
            labels.push(l);
            self = Labelled {
                t: flat.try_index_select(nd as isize - 2, &diag)?,
                labels,
            };
        }
        Ok(self)
    }
}

fn repeated(labels: &[Label]) -> Option<(usize, usize)> {
    for a in 0..labels.len() {
        for b in a + 1..labels.len() {
            if labels[a] == labels[b] {
                return Some((a, b));
            }
        }
    }
    None
}

/// `a` and `b` multiplied and summed over their shared labels not in `keep`, as one batched
/// matrix product: shared labels in `keep` are the batch, the rest are rows and columns.
fn contract(a: Labelled, b: Labelled, keep: &[Label]) -> Result<Labelled> {
    let in_b = |l: &Label| b.labels.contains(l);
    let in_a = |l: &Label| a.labels.contains(l);
    let batch: Vec<Label> = a
        .labels
        .iter()
        .copied()
        .filter(|l| in_b(l) && keep.contains(l))
        .collect();
    let summed: Vec<Label> = a
        .labels
        .iter()
        .copied()
        .filter(|l| in_b(l) && !keep.contains(l))
        .collect();
    let a_only: Vec<Label> = a.labels.iter().copied().filter(|l| !in_b(l)).collect();
    let b_only: Vec<Label> = b.labels.iter().copied().filter(|l| !in_a(l)).collect();
    let size = |l: Label| a.size(l).unwrap_or(1).max(b.size(l).unwrap_or(1));
    let prod = |ls: &[Label]| ls.iter().map(|&l| size(l)).product::<usize>();
    let (nb, m, k, n) = (prod(&batch), prod(&a_only), prod(&summed), prod(&b_only));
    // shared dimensions of size 1 on one side broadcast against the other
    let full = |x: &Labelled, order: &[Label]| -> Result<Tensor> {
        let t = x.permuted(order)?;
        let want: Vec<usize> = order
            .iter()
            .map(|&l| if x.labels.contains(&l) { size(l) } else { 1 })
            .collect();
        if want == t.shape() {
            Ok(t)
        } else {
            t.try_expand(&want)
        }
    };
    let order_a: Vec<Label> = [&batch[..], &a_only, &summed].concat();
    let order_b: Vec<Label> = [&batch[..], &summed, &b_only].concat();
    let ta = full(&a, &order_a)?.try_reshape(&[nb, m, k])?;
    let tb = full(&b, &order_b)?.try_reshape(&[nb, k, n])?;
    let labels: Vec<Label> = [&batch[..], &a_only, &b_only].concat();
    let shape: Vec<usize> = labels.iter().map(|&l| size(l)).collect();
    Ok(Labelled {
        t: ta.try_matmul(&tb)?.try_reshape(&shape)?,
        labels,
    })
}

impl Tensor {
    /// PyTorch's `einsum`: sums of products of the operands' elements over the labels the
    /// equation names (`"ij,jk->ik"` is a matrix product, `"ii->i"` a diagonal, `"...ij->...ji"`
    /// a batched transpose; without `->`, the output is the labels seen once, alphabetically,
    /// after the broadcast dimensions). Built from `index_select`, `sum`, `permute`, `reshape`
    /// and `matmul`, whose gradients it has.
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let a = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    /// let b = Tensor::new([[5.0, 6.0], [7.0, 8.0]]);
    /// let c = Tensor::try_einsum("ij,jk->ik", &[a.clone(), b.clone()]).unwrap();
    /// assert_eq!(c.to_vec::<f32>(), a.matmul(&b).to_vec::<f32>());
    /// let tr = Tensor::try_einsum("ii", &[a.clone()]).unwrap();
    /// assert_eq!(tr.item(), 5.0);
    /// let e = Tensor::try_einsum("ij,jk", &[a]).unwrap_err();
    /// assert_eq!(e.to_string(), "einsum(): fewer operands were provided than specified in the equation");
    /// ```
    #[track_caller]
    pub fn try_einsum(equation: &str, operands: &[Tensor]) -> Result<Tensor> {
        if operands.is_empty() {
            return Err(err("must provide at least one operand"));
        }
        let (lhs, rhs) = match equation.find("->") {
            Some(p) => (&equation[..p], Some((&equation[p + 2..], p + 2))),
            None => (equation, None),
        };
        let mut terms = Vec::new();
        let mut offset = 0;
        for (i, part) in lhs.split(',').enumerate() {
            if i >= operands.len() {
                return Err(err(
                    "fewer operands were provided than specified in the equation",
                ));
            }
            terms.push(parse_term(part, offset, &format!("operand {i}"))?);
            offset += part.len() + 1;
        }
        if terms.len() < operands.len() {
            return Err(err(
                "more operands were provided than specified in the equation",
            ));
        }
        // the number of broadcast dimensions: the most any operand's ellipsis covers
        let mut ell = 0;
        for (i, (t, x)) in terms.iter().zip(operands).enumerate() {
            let n = t.letters.len();
            match t.ellipsis_at {
                None if n != x.dim() => {
                    return Err(err(format!(
                        "the number of subscripts in the equation ({n}) does not match the number of dimensions ({}) for operand {i} and no ellipsis was given",
                        x.dim()
                    )))
                }
                Some(_) if n > x.dim() => {
                    return Err(err(format!(
                        "the number of subscripts in the equation ({n}) is more than the number of dimensions ({}) for operand {i}",
                        x.dim()
                    )))
                }
                _ => ell = ell.max(x.dim() - n),
            }
        }
        let lab = |l: usize| ell + l;
        // each operand's labels; its ellipsis covers the last of the broadcast dimensions
        let mut ops: Vec<Labelled> = Vec::with_capacity(operands.len());
        for (t, x) in terms.iter().zip(operands) {
            let covered = x.dim() - t.letters.len();
            let mut labels: Vec<Label> = t.letters.iter().map(|&l| lab(l)).collect();
            if let Some(p) = t.ellipsis_at {
                let e: Vec<Label> = (ell - covered..ell).collect();
                labels.splice(p..p, e);
            }
            ops.push(Labelled {
                t: x.clone(),
                labels,
            });
        }
        check_sizes(&ops, ell)?;
        let seen = |l: Label| {
            ops.iter()
                .map(|o| o.labels.iter().filter(|&&x| x == l).count())
                .sum::<usize>()
        };
        let output: Vec<Label> = match rhs {
            Some((r, off)) => {
                let t = parse_term(r, off, "output")?;
                let mut out: Vec<Label> = Vec::new();
                for &l in &t.letters {
                    if out.contains(&lab(l)) {
                        return Err(err(format!(
                            "output subscript {} appears more than once in the output",
                            letter_char(l)
                        )));
                    }
                    if seen(lab(l)) == 0 {
                        return Err(err(format!(
                            "output subscript {} does not appear in the equation for any input operand",
                            letter_char(l)
                        )));
                    }
                    out.push(lab(l));
                }
                if let Some(p) = t.ellipsis_at {
                    out.splice(p..p, 0..ell);
                }
                out
            }
            None => {
                let mut out: Vec<Label> = (0..ell).collect();
                out.extend((0..52).map(lab).filter(|&l| seen(l) == 1));
                out
            }
        };
        // diagonals first, then labels used by one operand only and not kept are summed out
        let mut ops: Vec<Labelled> = ops
            .into_iter()
            .map(Labelled::diagonals)
            .collect::<Result<_>>()?;
        let count =
            |ops: &[Labelled], l: Label| ops.iter().filter(|o| o.labels.contains(&l)).count();
        for i in 0..ops.len() {
            let drop: Vec<Label> = ops[i]
                .labels
                .iter()
                .copied()
                .filter(|&l| !output.contains(&l) && count(&ops, l) == 1)
                .collect();
            let o = std::mem::replace(
                &mut ops[i],
                Labelled {
                    t: Tensor::zeros(&[]),
                    labels: vec![],
                },
            );
            ops[i] = o.sum_out(|l| drop.contains(&l))?;
        }
        let mut rest = ops.into_iter();
        let mut acc = rest.next().expect("one operand");
        let remaining: Vec<Labelled> = rest.collect();
        for (j, b) in remaining.iter().enumerate() {
            let mut keep = output.clone();
            for o in &remaining[j + 1..] {
                keep.extend(o.labels.iter().copied());
            }
            let b = Labelled {
                t: b.t.clone(),
                labels: b.labels.clone(),
            };
            acc = acc.sum_out(|l| !keep.contains(&l) && !b.labels.contains(&l))?;
            acc = contract(acc, b, &keep)?;
        }
        let acc = acc.sum_out(|l| !output.contains(&l))?;
        // an output label of size 1 absent after contraction cannot happen: every output label
        // is some operand's
        acc.permuted(&output)
    }

    /// Panicking [`Tensor::try_einsum`].
    ///
    /// ```
    /// use ferrograd::Tensor;
    /// let x = Tensor::new([1.0, 2.0, 3.0]);
    /// assert_eq!(Tensor::einsum("i,i->", &[x.clone(), x]).item(), 14.0);
    /// ```
    #[track_caller]
    pub fn einsum(equation: &str, operands: &[Tensor]) -> Tensor {
        crate::error::unwrap(Self::try_einsum(equation, operands))
    }
}

/// PyTorch's size checks: a label repeated within an operand has one size; across operands
/// sizes broadcast (1 against n); so do the broadcast dimensions.
fn check_sizes(ops: &[Labelled], ell: usize) -> Result<()> {
    let mut seen: Vec<Option<usize>> = vec![None; ell + 52];
    for (i, o) in ops.iter().enumerate() {
        let mut own: Vec<Option<usize>> = vec![None; ell + 52];
        for (p, &l) in o.labels.iter().enumerate() {
            let s = o.t.shape()[p];
            if l >= ell {
                if let Some(prev) = own[l]
                    && prev != s
                {
                    return Err(err(format!(
                            "subscript {} is repeated for operand {i} but the sizes don't match, {s} != {prev}",
                            letter_char(l - ell)
                        )));
                }
                own[l] = Some(s);
            }
            match seen[l] {
                Some(prev) if prev != s && prev != 1 && s != 1 => {
                    return Err(if l < ell {
                        err(format!(
                            "dimension {l} covered by ellipsis in operand {i}has size {s} which does not broadcast with previously seen ellipsis with size {prev} for the respective dimension"
                        ))
                    } else {
                        err(format!(
                            "subscript {} has size {s} for operand {i} which does not broadcast with previously seen size {prev}",
                            letter_char(l - ell)
                        ))
                    });
                }
                Some(prev) if prev != 1 => {}
                _ => seen[l] = Some(s),
            }
        }
    }
    Ok(())
}
