// Starts Swagger UI on the schema named by the page (data-schema-url): no inline script.
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    // Session sign-in already rides on the cookie; "Try it out" sends it with the CSRF
    // token of the page for the writes.
    requestInterceptor: function (request) {
      var token = node.dataset.csrfToken;
      if (token && request.method && request.method !== "GET") {
        request.headers["X-CSRFToken"] = token;
      }
      return request;
    },
  });
})();
