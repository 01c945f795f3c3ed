// Papa Parse on the picked file: header mode, the export's encoding, all rows kept (as an app
// that then works with the rows would). Resolves to { secs, rows, errors, fields }.
window.runPapa = (encoding) => new Promise((resolve, reject) => {
  const file = document.querySelector('#f').files[0];
  if (!file) { reject(new Error('no file picked')); return; }
  const t0 = performance.now();
  // eslint-disable-next-line no-undef
  Papa.parse(file, {
    header: true,
    encoding,
    skipEmptyLines: false,
    complete: (res) => {
      const secs = (performance.now() - t0) / 1000;
      const out = { secs, rows: res.data.length, errors: res.errors.length, fields: (res.meta.fields || []).length };
      document.querySelector('#out').textContent = JSON.stringify(out);
      resolve(out);
    },
    error: (e) => reject(e),
  });
});
