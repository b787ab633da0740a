// Strata Studio: the little script the pages need; htmx does the rest.
// Buttons with data-confirm ask before their form is sent.
document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
});
// htmx requests send the antiforgery token found in the page.
document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=__studio_af]");
    if (token) event.detail.headers["RequestVerificationToken"] = token.value;
});
