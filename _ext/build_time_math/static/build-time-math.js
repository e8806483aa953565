// Copying a formula gives its TeX (kept in data-tex): a selection that holds formulas is
// copied with $...$ / $$...$$ in their place, and Ctrl+C on a focused display formula copies it.
"use strict";
document.addEventListener("copy", (event) => {
  const selection = document.getSelection();
  let text = null;
  if (selection && !selection.isCollapsed && selection.rangeCount) {
    const fragment = selection.getRangeAt(0).cloneContents();
    const inside = selection.anchorNode && selection.anchorNode.parentElement
      && selection.anchorNode.parentElement.closest("[data-tex]");
    if (!fragment.querySelector("[data-tex]") && !inside) return;
    if (inside && !fragment.querySelector("[data-tex]")) {
      text = asTex(inside);
    } else {
      fragment.querySelectorAll("[data-tex]").forEach((formula) => {
        formula.replaceWith(document.createTextNode(asTex(formula)));
      });
      text = fragment.textContent;
    }
  } else {
    const focused = document.activeElement && document.activeElement.closest("[data-tex]");
    if (!focused) return;
    text = asTex(focused);
  }
  event.clipboardData.setData("text/plain", text);
  event.preventDefault();
});

function asTex(formula) {
  const tex = formula.getAttribute("data-tex");
  return formula.classList.contains("math-display") ? `$$${tex}$$` : `$${tex}$`;
}
