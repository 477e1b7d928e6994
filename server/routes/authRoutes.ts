import { LoginRequest, LoginResponse } from '../../shared/api/rest.js';
import { login } from '../auth/login.js';
import { publicRoute } from '../http/route.js';

export const loginRoute = publicRoute({
  method: 'POST',
  url: '/auth/login',
  summary: 'Sign in with login and password; answers a bearer token valid for 12 hours',
  errors: [401],
  body: LoginRequest,
  response: LoginResponse,
  handler: ({ body }, { db }) => login(db, body),
});
