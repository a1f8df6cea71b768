import { useSyncExternalStore } from 'react';
import type { HelperConnection } from '../../connection/helperConnection';
import type { ConnectionState } from '../../model/connectionState';

export function useConnectionState(connection: HelperConnection): ConnectionState {
  return useSyncExternalStore(connection.subscribe, connection.getState);
}
