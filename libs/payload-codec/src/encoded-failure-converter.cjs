// The failure converter Temporal loads by path (DataConverter.failureConverterPath) in the client, the worker and
// the workflow sandbox: failure messages and stack traces become payloads, so the payload codec encrypts them.
// Plain CommonJS, so that Node's own require() loads it under any runner (the SDK requires it itself).
'use strict';
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
