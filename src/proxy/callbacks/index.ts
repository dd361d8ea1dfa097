/** src/proxy/callbacks — OAS callbacks: runtime expressions and the requests an exchange triggers. */
export { type Evaluated, evaluateExpression, evaluateTemplate, type Exchange, type ExchangeSide, pathParameters } from './expression';
export { type CallbackRequest, callbackRequests, MAX_CALLBACKS_PER_REQUEST } from './requests';
