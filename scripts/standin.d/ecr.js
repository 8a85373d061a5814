// The ECR behaviours that nginx configuration alone cannot express, for the local stand-in (scripts/standin).
// Runs in njs 0.7 (Debian 12's libnginx-mod-http-js). Facts and sources: docs/standin.md, shared ecr-facts.md.
//
// nginx variables set by the generated nginx.conf (js_var):
//   $ecr_registry_host       123456789012.dkr.ecr.us-east-1.amazonaws.com (realm: ECR names no port)
//   $ecr_registry_authority  the host plus ":port" when not 443 (absolute Link URLs)
//   $ecr_s3_authority        the S3-like host plus ":port" when not 443
//   $ecr_s3_secret           HMAC key for the presigned-looking blob URLs
//   $ecr_s3_token            a pre-percent-encoded X-Amz-Security-Token value
var crypto = require('crypto');

var TOKEN_PREFIX = 'ecr-cname-standin:v1:';
var DEFAULT_PAGE = 100; // ECR's default tag page size
var MAX_PAGE = 1000; // ECR's maxResults limit

function challenge(r) {
    return 'Basic realm="https://' + r.variables.ecr_registry_host + '/",service="ecr.amazonaws.com"';
}

function sign(r, text) {
    return crypto.createHmac('sha256', r.variables.ecr_s3_secret).update(text).digest('hex');
}

// 20261127T230209Z, the X-Amz-Date form.
function amzDate(d) {
    return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

// Turns Distribution's bare redirect into one shaped like ECR's presigned S3 URL. The signature covers the raw
// path and query, so a client that re-encodes the query (jib#1590) gets 403 SignatureDoesNotMatch, as on S3.
function presign(r, url) {
    var date = amzDate(new Date());
    var query = 'X-Amz-Algorithm=AWS4-HMAC-SHA256'
        + '&X-Amz-Credential=ASIASTANDIN0EXAMPLE0%2F' + date.substring(0, 8) + '%2Fus-east-1%2Fs3%2Faws4_request'
        + '&X-Amz-Date=' + date
        + '&X-Amz-Expires=1200'
        + '&X-Amz-Security-Token=' + r.variables.ecr_s3_token
        + '&X-Amz-SignedHeaders=host';
    var path = url.substring(url.indexOf('/', 'https://'.length));
    return url + '?' + query + '&X-Amz-Signature=' + sign(r, path + '?' + query);
}

// js_header_filter of the registry proxy: ECR's Basic challenge, and presigned-looking blob redirects.
function registryHeaders(r) {
    if (r.status == 401) {
        r.headersOut['WWW-Authenticate'] = challenge(r);
    }
    var location = r.headersOut['Location'];
    if (r.status == 307 && location && location.indexOf('https://' + r.variables.ecr_s3_authority + '/') == 0) {
        r.headersOut['Location'] = presign(r, location);
    }
}

function ecrError(r, status, code, message) {
    r.headersOut['Content-Type'] = 'application/json; charset=utf-8';
    r.headersOut['Docker-Distribution-API-Version'] = 'registry/2.0';
    r.return(status, JSON.stringify({errors: [{code: code, message: message}]}) + '\n');
}

function encodeToken(tag) {
    return Buffer.from(TOKEN_PREFIX + tag).toString('base64url');
}

// Returns the tag a token was made from, or null for anything this stand-in did not issue.
function decodeToken(token) {
    if (!/^[A-Za-z0-9_-]+$/.test(token)) {
        return null;
    }
    var text = Buffer.from(token, 'base64url').toString();
    return text.indexOf(TOKEN_PREFIX) == 0 ? text.substring(TOKEN_PREFIX.length) : null;
}

function pageSize(r) {
    var n = r.args.n;
    if (n === undefined) {
        return DEFAULT_PAGE;
    }
    if (!/^[0-9]{1,9}$/.test(n) || +n < 1 || +n > MAX_PAGE) {
        ecrError(r, 400, 'UNSUPPORTED', "1 validation error detected: Value '" + n
            + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to "
            + MAX_PAGE + " and greater than or equal to 1");
        return 0;
    }
    return +n;
}

// js_content of /v2/<name>/tags/list. Distribution 2.8 ignores n and never pages, so the stand-in asks it for
// every tag and slices, linking the next page absolutely on the ECR host with an opaque token, as ECR does.
async function tagsList(r) {
    var n = pageSize(r);
    if (n == 0) {
        return;
    }
    var after = null;
    if (r.args.last !== undefined) {
        after = decodeToken(r.args.last);
        if (after === null) {
            ecrError(r, 405, 'UNSUPPORTED', 'Invalid next token');
            return;
        }
    }
    var reply = await r.subrequest('/_registry' + r.uri, {method: 'GET', args: ''});
    if (reply.status != 200) {
        if (reply.status == 401) {
            r.headersOut['WWW-Authenticate'] = challenge(r);
        }
        r.headersOut['Content-Type'] = reply.headersOut['Content-Type'] || 'application/json; charset=utf-8';
        r.headersOut['Docker-Distribution-API-Version'] = 'registry/2.0';
        r.return(reply.status, reply.responseText);
        return;
    }
    var all = JSON.parse(reply.responseText);
    var tags = (all.tags || []).slice().sort();
    var start = 0;
    while (after !== null && start < tags.length && tags[start] <= after) {
        start++;
    }
    var page = tags.slice(start, start + n);
    if (start + n < tags.length) {
        r.headersOut['Link'] = '<https://' + r.variables.ecr_registry_authority + r.uri
            + '?last=' + encodeToken(page[page.length - 1]) + '&n=' + n + '>; rel="next"';
    }
    r.headersOut['Content-Type'] = 'application/json; charset=utf-8';
    r.headersOut['Docker-Distribution-API-Version'] = 'registry/2.0';
    r.return(200, JSON.stringify({name: all.name, tags: page}) + '\n');
}

// Why the S3-like host refuses this request, or '' when it may have the blob.
function s3Problem(r) {
    if (r.headersIn['Authorization'] !== undefined) {
        return 'auth';
    }
    var uri = r.variables.request_uri;
    var at = uri.indexOf('&X-Amz-Signature=');
    if (at < 0) {
        return 'unsigned';
    }
    if (uri.substring(at + '&X-Amz-Signature='.length) !== sign(r, uri.substring(0, at))) {
        return 'signature';
    }
    var m = /[?&]X-Amz-Date=(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(uri);
    var e = /[?&]X-Amz-Expires=(\d+)/.exec(uri);
    var signedAt = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : 0;
    if (!m || !e || Date.now() > signedAt + 1000 * +e[1]) {
        return 'expired';
    }
    return '';
}

// js_set $ecr_s3_check: "ok" lets nginx serve the file (with Range support); anything else goes to s3Error.
function s3Check(r) {
    return s3Problem(r) === '' ? 'ok' : 'refused';
}

var S3_ERRORS = {
    auth: [400, 'InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, '
        + 'Signature query string parameter or the Authorization header should be specified',
        '<ArgumentName>Authorization</ArgumentName>'],
    unsigned: [403, 'AccessDenied', 'Access Denied', ''],
    signature: [403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature '
        + 'you provided. Check your key and signing method.', ''],
    expired: [403, 'AccessDenied', 'Request has expired', '']
};

// js_content of the S3-like host's error location: S3's XML error document.
function s3Error(r) {
    var e = S3_ERRORS[s3Problem(r)] || [403, 'AccessDenied', 'Access Denied', ''];
    r.headersOut['Content-Type'] = 'application/xml';
    r.return(e[0], '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>' + e[1] + '</Code><Message>' + e[2]
        + '</Message>' + e[3] + '<RequestId>' + r.variables.request_id.substring(0, 16).toUpperCase()
        + '</RequestId></Error>');
}

export default {registryHeaders, tagsList, s3Check, s3Error};
