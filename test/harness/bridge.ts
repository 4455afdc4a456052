import { contract } from '../../common/contract';
import { installBridge } from './bridge-core';

installBridge(contract);
