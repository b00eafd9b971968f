using NetGen.Samples.FromPyTorch;

return FromPyTorchSample.Run(System.Console.Out).Agrees ? 0 : 1;
