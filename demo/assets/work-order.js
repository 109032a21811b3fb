// Small page behaviour a real app would have: today's date and a preview of the chosen photo.
const date = document.getElementById('visit_date');
if (date && !date.value) date.valueAsDate = new Date();
const photo = document.getElementById('photo');
const thumb = document.getElementById('photo-thumb');
let previewUrl;
photo?.addEventListener('change', () => {
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  const file = photo.files?.[0];
  if (!file) {
    thumb.style.backgroundImage = '';
    thumb.textContent = 'No photo';
    return;
  }
  previewUrl = URL.createObjectURL(file);
  thumb.style.backgroundImage = `url("${previewUrl}")`;
  thumb.textContent = '';
});
