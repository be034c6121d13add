// sitrep's only script: filter selects submit themselves; map legend boxes show and hide types.
document.querySelectorAll("select.autosubmit").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
document.querySelectorAll("input.type-toggle").forEach((box) => {
  box.addEventListener("change", () => {
    document.querySelectorAll(`#map .point[data-type="${box.value}"]`).forEach((point) => {
      point.classList.toggle("hidden", !box.checked);
    });
  });
});
