import { installBridge } from './bridge-core';
import { testContract } from './test-hooks';

installBridge(testContract);
