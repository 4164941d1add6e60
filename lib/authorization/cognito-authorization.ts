import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';
import { invalidProp } from '../common/validation';

/**
 * A JWT authorizer for an Amazon Cognito user pool.
 *
 * Cognito access tokens carry no `aud` claim; API Gateway then compares their `client_id` claim
 * with the audience, which Portcullis sets to the app clients given here. Scopes are required as
 * well, so a route states what a token must be allowed to do, not only which client asked for it.
 */
export interface CognitoAuthorizationProps {
  /** The user pool that issues the tokens. */
  readonly userPool: cognito.IUserPool;

  /** App clients whose tokens are accepted. At least one. */
  readonly userPoolClients: cognito.IUserPoolClient[];

  /**
   * Scopes required on every route using this authorization, unless the route lists its own,
   * e.g. `['orders/read']` for a resource server scope or `['aws.cognito.signin.user.admin']`.
   * Required: without scopes any token of the listed clients passes, whatever it was issued for.
   */
  readonly scopes: string[];

  /**
   * Region of the user pool.
   *
   * @default - the stack's Region
   */
  readonly userPoolRegion?: string;

  /**
   * Name of the authorizer resource.
   *
   * @default - 'CognitoAuthorizer', numbered when an API has several
   */
  readonly authorizerName?: string;
}

/** Kind-neutral checks of Cognito authorization; `prop` names where it was passed. */
export function validateCognitoAuthorization(scope: IConstruct, prop: string, props: CognitoAuthorizationProps): void {
  if (!props.userPoolClients || props.userPoolClients.length === 0) {
    invalidProp(scope, `${prop}.userPoolClients`, [], 'must list at least one app client',
      'pass the app clients whose tokens this API accepts: userPoolClients: [client]');
  }
}
