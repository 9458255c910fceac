/** Content script entry (placeholder until the content-script issue lands). */
document.documentElement.setAttribute('data-vigie', 'ready');
